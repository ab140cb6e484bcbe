using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Admin;

/// <summary>Administrators create accounts, give them a role in an organisation and take it back (folder
/// convention: administrators only); the membership use cases decide and write the audit log.</summary>
public sealed class UsersModel(WebDbContext web, CatalogueDbContext db, UserManager<WebUser> users, OrganisationAccess access, MemberOperations members)
    : PageModel
{
    public sealed record Membership(Guid UserId, string OrganisationSlug, string OrganisationName, OrganisationRole Role, string? Source);
    public sealed record Row(string Email, string Name, bool IsAdministrator, IReadOnlyList<Membership> Memberships);

    public IReadOnlyList<Row> Users { get; private set; } = [];
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string email, string? name, string? password, Guid organisationId, OrganisationRole role, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null) (Message, IsError) = (Labels.L("Välj en organisation.", "Choose an organisation."), true);
        else
        {
            var result = await members.GrantAsync(new GrantMembership(await access.CallerAsync(User, ct), organisation.Slug, email,
                MemberRoles.NameOf(role.ToPermission()), name, string.IsNullOrEmpty(password) ? null : password), ct);
            if (result.Succeeded)
                Message = Labels.L($"{email} är {role.Label()} för {organisation.Name}.", $"{email} is {role.Label()} for {organisation.Name}.");
            else (Message, IsError) = (Messages(result), true);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Ends one membership; the person keeps their account and other memberships.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(Guid userId, string organisation, CancellationToken ct)
    {
        var result = await members.RevokeAsync(new RevokeMembership(await access.CallerAsync(User, ct), organisation, userId), ct);
        await LoadAsync(ct);
        var name = Organisations.FirstOrDefault(o => o.Slug == organisation)?.Name ?? organisation;
        if (result.Succeeded)
            Message = Labels.L($"{result.Value!.Email} är inte längre medlem i {name}.", $"{result.Value!.Email} is no longer a member of {name}.");
        else (Message, IsError) = (Messages(result), true);
        return Page();
    }

    private static string Messages<T>(UseCaseResult<T> result) =>
        result.Errors.Count > 0 ? string.Join(" ", result.Errors.Values.SelectMany(m => m)) : result.Detail ?? "";

    /// <summary>Marks a membership a sign-in provider's claims gave (and may take back); granting it here makes it the administrator's.</summary>
    public static string Via(string? source) => source is null ? "" : " " + Labels.L($"(via {source})", $"(through {source})");

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var byId = Organisations.ToDictionary(o => o.Id);
        var memberships = (await web.Memberships.AsNoTracking().ToListAsync(ct)).ToLookup(m => m.UserId);
        var admins = (await users.GetUsersInRoleAsync(WebRoles.Administrator)).Select(u => u.Id).ToHashSet();
        Users = (await web.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct)).Select(u => new Row(u.Email ?? "", u.DisplayName,
            admins.Contains(u.Id),
            memberships[u.Id].Where(m => byId.ContainsKey(m.OrganisationId))
                .Select(m => new Membership(u.Id, byId[m.OrganisationId].Slug, byId[m.OrganisationId].Name, m.Role, m.Source))
                .OrderBy(m => m.OrganisationName).ToList())).ToList();
    }
}
