using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Admin;

/// <summary>Administrators create accounts and give them a role in an organisation (folder convention:
/// administrators only).</summary>
public sealed class UsersModel(WebDbContext web, CatalogueDbContext db, UserManager<WebUser> users, UserProvisioning provisioning, AuditLog audit)
    : PageModel
{
    public sealed record Row(string Email, string Name, string Permissions);

    public IReadOnlyList<Row> Users { get; private set; } = [];
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string email, string? name, string? password, Guid organisationId, OrganisationRole role, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        var user = await users.FindByEmailAsync(email.Trim());
        if (organisation is null) (Message, IsError) = (Labels.L("Välj en organisation.", "Choose an organisation."), true);
        else if (user is null && string.IsNullOrEmpty(password))
            (Message, IsError) = (Labels.L("Kontot finns inte; ange ett lösenord för att skapa det.", "There is no such account; give a password to create it."), true);
        else
        {
            try
            {
                user ??= await provisioning.CreateAsync(email.Trim(), password!, string.IsNullOrWhiteSpace(name) ? email.Trim() : name.Trim(), ct);
                await provisioning.GrantAsync(user.Id, organisation.Id, role, ct);
                await audit.RecordAsync(User, organisation.Id, "user.grant", email.Trim(), role.ToString(), ct);
                Message = Labels.L($"{email} är {(role == OrganisationRole.Publisher ? "publicerare" : "läsare")} för {organisation.Name}.",
                    $"{email} is {(role == OrganisationRole.Publisher ? "publisher" : "viewer")} for {organisation.Name}.");
            }
            catch (InvalidOperationException e)
            {
                (Message, IsError) = (e.Message, true);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Marks a membership a sign-in provider's claims gave (and may take back); granting it here makes it the administrator's.</summary>
    private static string Via(string? source) => source is null ? "" : " " + Labels.L($"(via {source})", $"(through {source})");

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var names = Organisations.ToDictionary(o => o.Id, o => o.Name);
        var memberships = (await web.Memberships.AsNoTracking().ToListAsync(ct)).ToLookup(m => m.UserId);
        var admins = (await users.GetUsersInRoleAsync(WebRoles.Administrator)).Select(u => u.Id).ToHashSet();
        Users = (await web.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct)).Select(u => new Row(u.Email ?? "", u.DisplayName,
            string.Join(", ", (admins.Contains(u.Id) ? [Labels.L("administratör", "administrator")] : Array.Empty<string>())
                .Concat(memberships[u.Id].Select(m => $"{names.GetValueOrDefault(m.OrganisationId, "?")}: {(m.Role == OrganisationRole.Publisher ? Labels.L("publicerare", "publisher") : Labels.L("läsare", "viewer"))}{Via(m.Source)}"))))).ToList();
    }
}
