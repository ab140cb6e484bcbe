using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

public sealed class OrganisationModel(CatalogueDbContext db, CatalogueIndex index) : PageModel
{
    public Organisation? Organisation { get; private set; }
    public IReadOnlyList<CatalogueEntry> Datasets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string org, CancellationToken ct)
    {
        Organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == org, ct);
        if (Organisation is null) return NotFound();
        Datasets = (await index.EntriesAsync(ct)).Where(e => e.OrganisationSlug == org).OrderBy(e => e.Title, StringComparer.Ordinal).ToList();
        return Page();
    }
}
