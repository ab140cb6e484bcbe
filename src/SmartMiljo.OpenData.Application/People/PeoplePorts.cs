using SmartMiljo.OpenData.Application.Access;

namespace SmartMiljo.OpenData.Application.People;

/// <summary>One person's membership of one organisation, with the right it gives.</summary>
/// <param name="InvitationPending">Invited by e-mail and not yet accepted.</param>
public sealed record MemberView(Guid UserId, string Email, string DisplayName, Permission Right, string? GrantedThrough, bool InvitationPending = false);

/// <summary>An organisation's API key as it may be shown again: never its secret, only its first characters.</summary>
public sealed record ApiKeyView(Guid Id, Guid OrganisationId, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A person found or created for a membership, or why not.</summary>
/// <param name="AwaitsInvitation">The account has no password yet: its owner chooses one through an e-mailed invitation.</param>
public sealed record PersonOutcome(Guid? UserId, string? Error, bool AwaitsInvitation = false);

/// <summary>
/// The accounts and memberships of people, kept by whoever signs people in (the web's accounts); the use
/// cases decide who may change them.
/// </summary>
public interface IOrganisationPeople
{
    Task<IReadOnlyList<MemberView>> MembersAsync(Guid organisationId, CancellationToken ct);

    /// <summary>The account with this e-mail address, or a new one: with the password given, or, when
    /// <paramref name="mayInvite"/>, without one (its owner is then invited to choose it).</summary>
    Task<PersonOutcome> FindOrCreateAsync(string email, string? displayName, string? password, bool mayInvite, CancellationToken ct);

    /// <summary>Gives the person the right in the organisation (replacing a right a sign-in provider gave).</summary>
    Task<MemberView> GrantAsync(Guid userId, Guid organisationId, Permission right, CancellationToken ct);

    /// <summary>Ends the membership; false when the person was no member of the organisation.</summary>
    Task<bool> RevokeAsync(Guid userId, Guid organisationId, CancellationToken ct);
}

/// <summary>Invitations by e-mail: a single-use, expiring link where the invited person chooses her password.</summary>
public interface IInvitations
{
    /// <summary>False when the instance has no mail server configured.</summary>
    bool CanInvite { get; }

    /// <summary>Sends the invitation; false when the mail server did not take it.</summary>
    Task<bool> InviteAsync(Guid userId, string organisationName, string inviterName, CancellationToken ct);
}

/// <summary>Organisations' API keys: only a hash of each is stored.</summary>
public interface IOrganisationKeys
{
    Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid organisationId, bool includeRevoked, CancellationToken ct);

    /// <summary>A new key; its secret is returned this once and never stored.</summary>
    Task<(ApiKeyView Key, string Secret)> IssueAsync(Guid organisationId, string createdBy, CancellationToken ct);

    /// <summary>The key revoked, or null when the organisation has no such active key.</summary>
    Task<ApiKeyView?> RevokeAsync(Guid organisationId, Guid keyId, CancellationToken ct);
}

/// <summary>One line of the audit log: who did what, to which object, in which organisation.</summary>
public sealed record AuditRecord(Caller Actor, Guid? OrganisationId, string Action, string Target, string? Details = null);

/// <summary>Writes the audit log (kept by the web's accounts).</summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record, CancellationToken ct);
}

/// <summary>The names of the rights as people and the admin API give them.</summary>
public static class MemberRoles
{
    public const string Viewer = "viewer";
    public const string Publisher = "publisher";
    public const string Administrator = "administrator";

    public static string NameOf(Permission right) => right switch
    {
        Permission.Read => Viewer,
        Permission.Change => Publisher,
        _ => Administrator,
    };

    public static bool TryParse(string? name, out Permission right)
    {
        right = Permission.Read;
        switch (name?.Trim().ToLowerInvariant())
        {
            case Viewer: right = Permission.Read; return true;
            case Publisher: right = Permission.Change; return true;
            case Administrator: right = Permission.Manage; return true;
            default: return false;
        }
    }
}
