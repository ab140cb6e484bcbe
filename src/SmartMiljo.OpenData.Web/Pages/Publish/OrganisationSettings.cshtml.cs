using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Organisations;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>An organisation's details and members, for its administrators (and the instance's): the same
/// use cases as the admin API decide and write the audit log.</summary>
public sealed class OrganisationSettingsModel(
    OrganisationAccess access, ResourceAuthorisation authorisation, OrganisationOperations organisations, MemberOperations members,
    IInvitations invitations) : PageModel
{
    /// <summary>New members are invited by e-mail (a mail server is configured) rather than given a typed password.</summary>
    public bool CanInvite => invitations.CanInvite;

    public Organisation? Organisation { get; private set; }
    public IReadOnlyList<MemberView> Members { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string org, CancellationToken ct) => await LoadAsync(org, ct) ?? Page();

    public async Task<IActionResult> OnPostDetailsAsync(string org, string? name, string? organisationNumber, string? municipalityCode,
        string? homepage, string? contactEmail, string? contactPhone, string? spatialIri, CancellationToken ct)
    {
        // Empty fields are sent as "" so that clearing one removes the detail.
        var result = await organisations.EditAsync(new EditOrganisation(await access.CallerAsync(User, ct), org, name ?? "", organisationNumber ?? "",
            municipalityCode ?? "", null, homepage ?? "", contactEmail ?? "", contactPhone ?? "", spatialIri ?? ""), ct);
        if (result.Status is UseCaseStatus.Forbidden or UseCaseStatus.NotFound) return Refusal(result.Status);
        if (result.Succeeded) Message = Labels.L("Uppgifterna är sparade.", "The details are saved.");
        else (Errors, Message, IsError) = (result.Errors, result.Detail ?? Labels.L("Rätta uppgifterna nedan.", "Correct the details below."), true);
        return await LoadAsync(org, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(string org, string? email, string? name, string? password, string? role, CancellationToken ct)
    {
        var result = await members.GrantAsync(new GrantMembership(await access.CallerAsync(User, ct), org, email, role, name,
            string.IsNullOrEmpty(password) ? null : password), ct);
        if (result.Status is UseCaseStatus.Forbidden or UseCaseStatus.NotFound) return Refusal(result.Status);
        if (result.Succeeded && result.Value!.InvitationPending)
            Message = Labels.L($"{result.Value.Email} är {RoleLabel(result.Value.Right)} och har fått en inbjudan med e-post.",
                $"{result.Value.Email} is {RoleLabel(result.Value.Right)} and has been sent an invitation by e-mail.");
        else if (result.Succeeded) Message = Labels.L($"{result.Value!.Email} är {RoleLabel(result.Value.Right)}.", $"{result.Value!.Email} is {RoleLabel(result.Value.Right)}.");
        else (Message, IsError) = (string.Join(" ", result.Errors.Values.SelectMany(m => m)), true);
        return await LoadAsync(org, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string org, Guid userId, CancellationToken ct)
    {
        var result = await members.RevokeAsync(new RevokeMembership(await access.CallerAsync(User, ct), org, userId), ct);
        if (result.Status == UseCaseStatus.Forbidden) return Refusal(result.Status);
        if (result.Succeeded) Message = Labels.L($"{result.Value!.Email} är inte längre medlem.", $"{result.Value!.Email} is no longer a member.");
        else (Message, IsError) = (result.Detail ?? "", true);
        return await LoadAsync(org, ct) ?? Page();
    }

    public static string RoleLabel(Permission right) => OrganisationRoles.FromPermission(right).Label();

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private IActionResult Refusal(UseCaseStatus status) => status == UseCaseStatus.NotFound ? NotFound() : Forbid();

    private async Task<IActionResult?> LoadAsync(string org, CancellationToken ct)
    {
        var caller = await access.CallerAsync(User, ct);
        var found = await authorisation.OrganisationAsync(caller, org, Permission.Manage, ct);
        if (!found.Granted) return found.Outcome == AccessOutcome.NotFound ? NotFound() : Forbid();
        Organisation = found.Resource;
        Members = (await members.ListAsync(caller, org, ct)).Value ?? [];
        return null;
    }
}
