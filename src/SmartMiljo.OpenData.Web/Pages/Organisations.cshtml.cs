using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

public sealed class OrganisationsModel(CatalogueDbContext db, CatalogueIndex index) : PageModel
{
    public sealed record Row(string Slug, string Name, int Count);

    public IReadOnlyList<Row> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = (await index.EntriesAsync(ct)).GroupBy(e => e.OrganisationSlug).ToDictionary(g => g.Key, g => g.Count());
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Slug, o.Name }).ToListAsync(ct);
        Organisations = organisations.Select(o => new Row(o.Slug, o.Name, counts.GetValueOrDefault(o.Slug))).ToList();
    }
}
