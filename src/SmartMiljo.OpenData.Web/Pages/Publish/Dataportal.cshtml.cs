using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Api.Dataportal;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>The "dataportal.se" panel of an organisation, for its members: the same report as
/// <c>GET /api/admin/organisations/{org}/dataportal</c>, one section per dataset.</summary>
public sealed class DataportalModel(OrganisationAccess access, ResourceAuthorisation authorisation, DataportalReporter reporter, IOptions<PlatformOptions> platform)
    : PageModel
{
    public DataportalStatus? Status { get; private set; }
    public string OrganisationName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string org, CancellationToken ct)
    {
        var found = await authorisation.OrganisationAsync(await access.CallerAsync(User, ct), org, Permission.Read, ct);
        if (!found.Granted) return found.Outcome == AccessOutcome.NotFound ? NotFound() : Forbid();
        OrganisationName = found.Resource!.Name;
        Status = await reporter.ForOrganisationAsync(found.Resource.Slug, platform.Value.ResolveBaseUrl(Request), ct);
        return Status is null ? NotFound() : Page();
    }
}
