using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

public sealed class IndexModel(CatalogueIndex index) : PageModel
{
    public IReadOnlyList<CatalogueEntry> Newest { get; private set; } = [];
    public IReadOnlyList<CatalogueEntry> MostUsed { get; private set; } = [];
    public IReadOnlyList<FacetValue> Themes { get; private set; } = [];
    public int DatasetCount { get; private set; }
    public int OrganisationCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = await index.EntriesAsync(ct);
        DatasetCount = entries.Count;
        OrganisationCount = entries.Select(e => e.OrganisationSlug).Distinct().Count();
        Newest = CatalogueSearch.Run(entries, new SearchQuery { Sort = SearchSort.Newest, PageSize = 6 }).Items;
        MostUsed = CatalogueSearch.Run(entries, new SearchQuery { Sort = SearchSort.MostUsed, PageSize = 6 }).Items;
        Themes = CatalogueSearch.Run(entries, new SearchQuery { PageSize = 1 }).Themes;
    }
}
