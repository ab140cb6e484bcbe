using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.People;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// The one place that decides what a signed-in user may do in an organisation. Every publishing page
/// asks it on the server; hiding a button is never the protection.
/// </summary>
public sealed class OrganisationAccess(WebDbContext db, SmartMiljo.OpenData.Storage.Catalogue.CatalogueDbContext catalogue)
{
    public static bool IsAdministrator(ClaimsPrincipal user) => user.IsInRole(WebRoles.Administrator);

    public static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The signed-in user as the use cases see them: administrator of the instance, or a member
    /// with a publisher's (change) or viewer's (read) right in each of their organisations.</summary>
    public async Task<Caller> CallerAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var name = user.Identity?.Name ?? "anonymous";
        var memberships = await MembershipsAsync(user, ct);
        if (memberships is null) return Caller.InstanceAdministrator(name, UserId(user));
        return Caller.Member(name, memberships.ToDictionary(m => m.Key, m => m.Value.ToPermission()), UserId(user));
    }

    public async Task<bool> CanPublishAsync(ClaimsPrincipal user, Guid organisationId, CancellationToken ct = default) =>
        (await CallerAsync(user, ct)).May(Permission.Change, organisationId);

    public async Task<bool> CanViewAsync(ClaimsPrincipal user, Guid organisationId, CancellationToken ct = default) =>
        (await CallerAsync(user, ct)).May(Permission.Read, organisationId);

    public async Task<string?> OrganisationSlugAsync(Guid organisationId, CancellationToken ct) =>
        await catalogue.Organisations.Where(o => o.Id == organisationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);

    /// <summary>Organisations the user works in, with the role; null means "all" (administrator).</summary>
    public async Task<IReadOnlyDictionary<Guid, OrganisationRole>?> MembershipsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (IsAdministrator(user)) return null;
        if (UserId(user) is not { } userId) return new Dictionary<Guid, OrganisationRole>();
        return await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .ToDictionaryAsync(m => m.OrganisationId, m => m.Role, ct);
    }
}

/// <summary>Writes the audit log: for the web's own actions and, as the use cases' audit trail, for theirs.</summary>
public sealed class AuditLog(WebDbContext db, TimeProvider clock) : IAuditTrail
{
    public Task RecordAsync(AuditRecord record, CancellationToken ct) =>
        RecordAsync(record.Actor.UserId, record.Actor.Name, record.OrganisationId, record.Action, record.Target, record.Details, ct);

    public Task RecordAsync(ClaimsPrincipal user, Guid? organisationId, string action, string target, string? details = null,
        CancellationToken ct = default) =>
        RecordAsync(OrganisationAccess.UserId(user), user.Identity?.Name ?? "anonymous", organisationId, action, target, details, ct);

    /// <summary>For actions whose user is not (yet) the request's principal, such as a sign-in.</summary>
    public async Task RecordAsync(Guid? userId, string userName, Guid? organisationId, string action, string target, string? details,
        CancellationToken ct)
    {
        db.Audit.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = userId,
            UserName = userName,
            OrganisationId = organisationId,
            Action = action,
            Target = target,
            Details = details,
        });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Creates users with a role in one organisation; used by the initializer, the admin pages and tests.</summary>
public sealed class UserProvisioning(UserManager<WebUser> users, RoleManager<IdentityRole<Guid>> roles, WebDbContext db)
{
    public async Task<WebUser> CreateAsync(string email, string password, string displayName, CancellationToken ct = default)
    {
        var user = new WebUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        return user;
    }

    public async Task MakeAdministratorAsync(WebUser user)
    {
        if (!await roles.RoleExistsAsync(WebRoles.Administrator))
            await roles.CreateAsync(new IdentityRole<Guid>(WebRoles.Administrator) { Id = Guid.NewGuid() });
        await users.AddToRoleAsync(user, WebRoles.Administrator);
    }

    public async Task GrantAsync(Guid userId, Guid organisationId, OrganisationRole role, CancellationToken ct = default)
    {
        var existing = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.OrganisationId == organisationId, ct);
        if (existing is null) db.Memberships.Add(new OrganisationMembership { UserId = userId, OrganisationId = organisationId, Role = role });
        else
        {
            existing.Role = role;
            existing.Source = null; // the administrator's grant now holds, whatever a sign-in provider says
        }
        await db.SaveChangesAsync(ct);
    }
}
