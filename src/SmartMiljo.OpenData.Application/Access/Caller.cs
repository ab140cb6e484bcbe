namespace SmartMiljo.OpenData.Application.Access;

/// <summary>What a caller may do in one organisation: read its sources and runs, or also change them.</summary>
public enum Permission { Read, Change }

/// <summary>
/// Who is acting, whatever the door they came through: the instance's administrator (the configured API
/// key or an administrator's sign-in) acts on every organisation; an organisation's API key or a member acts
/// on their own organisations only, with the right their role gives.
/// </summary>
public sealed class Caller
{
    private readonly IReadOnlyDictionary<Guid, Permission> _rights;

    private Caller(string name, bool isInstanceAdministrator, IReadOnlyDictionary<Guid, Permission> rights)
    {
        Name = name;
        IsInstanceAdministrator = isInstanceAdministrator;
        _rights = rights;
    }

    /// <summary>Shown in the audit log.</summary>
    public string Name { get; }
    public bool IsInstanceAdministrator { get; }

    public static Caller InstanceAdministrator(string name) => new(name, true, new Dictionary<Guid, Permission>());

    /// <summary>A caller with the given right in each listed organisation and none elsewhere.</summary>
    public static Caller Member(string name, IReadOnlyDictionary<Guid, Permission> rights) => new(name, false, rights);

    /// <summary>An organisation's API key: it changes what its organisation publishes.</summary>
    public static Caller OrganisationKey(Guid organisationId) =>
        new("api-key", false, new Dictionary<Guid, Permission> { [organisationId] = Permission.Change });

    public bool May(Permission permission, Guid organisationId) =>
        IsInstanceAdministrator
        || (_rights.TryGetValue(organisationId, out var held) && (held == Permission.Change || permission == Permission.Read));

    /// <summary>The organisations this caller may read; null means all of them.</summary>
    public IReadOnlyCollection<Guid>? ReadableOrganisations => IsInstanceAdministrator ? null : _rights.Keys.ToList();
}
