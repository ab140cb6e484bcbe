namespace SmartMiljo.OpenData.Application.Access;

/// <summary>What a caller may do in one organisation, each right including the ones before it: read its
/// sources and runs; change what it publishes (a publisher); manage its details and members (its administrator).</summary>
public enum Permission { Read, Change, Manage }

/// <summary>
/// Who is acting, whatever the door they came through: the instance's administrator (the configured API
/// key or an administrator's sign-in) acts on every organisation; an organisation's API key or a member acts
/// on their own organisations only, with the right their role gives.
/// </summary>
public sealed class Caller
{
    private readonly IReadOnlyDictionary<Guid, Permission> _rights;

    private Caller(string name, bool isInstanceAdministrator, IReadOnlyDictionary<Guid, Permission> rights, Guid? userId = null)
    {
        Name = name;
        UserId = userId;
        IsInstanceAdministrator = isInstanceAdministrator;
        _rights = rights;
    }

    /// <summary>Shown in the audit log.</summary>
    public string Name { get; }
    public bool IsInstanceAdministrator { get; }

    /// <summary>The signed-in person's account, when the caller is one (not an API key).</summary>
    public Guid? UserId { get; }

    public static Caller InstanceAdministrator(string name, Guid? userId = null) => new(name, true, new Dictionary<Guid, Permission>(), userId);

    /// <summary>A caller with the given right in each listed organisation and none elsewhere.</summary>
    public static Caller Member(string name, IReadOnlyDictionary<Guid, Permission> rights, Guid? userId = null) => new(name, false, rights, userId);

    /// <summary>An organisation's API key: it acts for its organisation as a publisher would (what it publishes,
    /// and its keys), and nowhere else. Not as its administrator: publishers issue keys, so a key with more
    /// rights than a publisher would let a publisher make herself an administrator.</summary>
    public static Caller OrganisationKey(Guid organisationId, string? keyPrefix = null) =>
        new(keyPrefix is null ? "api-key" : $"api-key {keyPrefix}…", false, new Dictionary<Guid, Permission> { [organisationId] = Permission.Change });

    public bool May(Permission permission, Guid organisationId) =>
        IsInstanceAdministrator || (_rights.TryGetValue(organisationId, out var held) && held >= permission);

    /// <summary>The organisations this caller may read; null means all of them.</summary>
    public IReadOnlyCollection<Guid>? ReadableOrganisations => IsInstanceAdministrator ? null : _rights.Keys.ToList();
}
