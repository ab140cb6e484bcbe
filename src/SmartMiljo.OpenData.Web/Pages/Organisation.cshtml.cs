using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>An organisation's page, at <c>/organisationer/{org}</c> and at the IRI the DCAT feed uses, <c>/organisations/{org}</c>.</summary>
public sealed class OrganisationModel(CatalogueDbContext db, CatalogueIndex index) : PageModel
{
    private static readonly string[] RdfMediaTypes = ["rdf+xml", "text/turtle", "ld+json", "n-triples"];

    public Organisation? Organisation { get; private set; }
    public IReadOnlyList<CatalogueEntry> Datasets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string org, CancellationToken ct)
    {
        Organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == org, ct);
        if (Organisation is null) return NotFound();
        // A machine dereferencing the organisation's IRI (its DCAT contact point) is sent to its DCAT catalogue.
        var accept = Request.Headers.Accept.ToString();
        if (RdfMediaTypes.Any(t => accept.Contains(t, StringComparison.OrdinalIgnoreCase)) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            Response.Headers.Location = PublicUrls.Relative.OrganisationCatalogue(org);
            return StatusCode(StatusCodes.Status303SeeOther);
        }
        Datasets = (await index.EntriesAsync(ct)).Where(e => e.OrganisationSlug == org).OrderBy(e => e.Title, StringComparer.Ordinal).ToList();
        return Page();
    }
}
