using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.People;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>The people port over the web's accounts (Identity) and memberships.</summary>
public sealed class WebOrganisationPeople(WebDbContext db, UserManager<WebUser> users, UserProvisioning provisioning) : IOrganisationPeople
{
    public async Task<IReadOnlyList<MemberView>> MembersAsync(Guid organisationId, CancellationToken ct) =>
        (await (from m in db.Memberships.AsNoTracking()
                join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                where m.OrganisationId == organisationId
                select new { m.UserId, u.Email, u.DisplayName, m.Role, m.Source, u.InvitationPending }).ToListAsync(ct))
        .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
        .Select(m => new MemberView(m.UserId, m.Email ?? "", m.DisplayName, m.Role.ToPermission(), m.Source, m.InvitationPending)).ToList();

    public async Task<PersonOutcome> FindOrCreateAsync(string email, string? displayName, string? password, bool mayInvite, CancellationToken ct)
    {
        // An invitation not yet accepted is sent again when she is added again.
        if (await users.FindByEmailAsync(email) is { } existing) return new PersonOutcome(existing.Id, null, existing.InvitationPending);
        if (string.IsNullOrEmpty(password) && !mayInvite)
            return new PersonOutcome(null, "Kontot finns inte, och servern kan inte skicka e-post (ingen e-postserver är inställd): ange ett lösenord för att skapa kontot. / " +
                                           "There is no such account, and this server cannot send e-mail (no mail server is configured): give a password to create the account.");
        if (string.IsNullOrEmpty(password))
        {
            var invited = new WebUser { UserName = email, Email = email, EmailConfirmed = false, DisplayName = displayName ?? email, InvitationPending = true };
            var made = await users.CreateAsync(invited);
            return made.Succeeded
                ? new PersonOutcome(invited.Id, null, AwaitsInvitation: true)
                : new PersonOutcome(null, string.Join(" ", made.Errors.Select(e => e.Description)));
        }
        var user = new WebUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded
            ? new PersonOutcome(user.Id, null)
            : new PersonOutcome(null, string.Join(" ", created.Errors.Select(e => e.Description)));
    }

    public async Task<MemberView> GrantAsync(Guid userId, Guid organisationId, Permission right, CancellationToken ct)
    {
        await provisioning.GrantAsync(userId, organisationId, OrganisationRoles.FromPermission(right), ct);
        return (await MembersAsync(organisationId, ct)).First(m => m.UserId == userId);
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid organisationId, CancellationToken ct) =>
        await db.Memberships.Where(m => m.UserId == userId && m.OrganisationId == organisationId).ExecuteDeleteAsync(ct) > 0;
}
