using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Organisations;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Admin;

/// <summary>Administrators list and create organisations (folder convention: administrators only); the
/// organisation use case checks and audits, as for the admin API.</summary>
public sealed class OrganisationsAdminModel(OrganisationAccess access, OrganisationOperations organisations, SourceQueries queries) : PageModel
{
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Organisations = await queries.OrganisationsAsync(await access.CallerAsync(User, ct), ct);

    public async Task<IActionResult> OnPostAsync(string? slug, string? name, string? organisationNumber, string? municipalityCode,
        PublisherType? publisherType, string? homepage, string? contactEmail, CancellationToken ct)
    {
        var caller = await access.CallerAsync(User, ct);
        var result = await organisations.CreateAsync(new CreateOrganisation(caller, slug?.Trim(), name, organisationNumber?.Trim(),
            string.IsNullOrWhiteSpace(municipalityCode) ? null : municipalityCode.Trim(), publisherType,
            string.IsNullOrWhiteSpace(homepage) ? null : homepage.Trim(), string.IsNullOrWhiteSpace(contactEmail) ? null : contactEmail.Trim()), ct);
        if (result.Status == UseCaseStatus.Forbidden) return Forbid();
        if (result.Succeeded) Message = Labels.L($"{result.Value!.Name} är skapad.", $"{result.Value!.Name} is created.");
        else (Errors, Message, IsError) = (result.Errors, result.Detail ?? Labels.L("Rätta uppgifterna nedan.", "Correct the details below."), true);
        Organisations = await queries.OrganisationsAsync(caller, ct);
        return Page();
    }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
