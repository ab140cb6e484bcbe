using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>Search with facets; every state is a plain GET URL, so results can be linked and bookmarked.</summary>
public sealed class SearchModel(CatalogueIndex index) : PageModel
{
    private static readonly string[] FacetKeys = ["org", "tema", "spec", "format", "mal", "hvd"];

    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "org")] public string? Org { get; set; }
    [FromQuery(Name = "tema")] public string? Theme { get; set; }
    [FromQuery(Name = "spec")] public string? Spec { get; set; }
    [FromQuery(Name = "format")] public string? Format { get; set; }
    [FromQuery(Name = "mal")] public int? Goal { get; set; }
    [FromQuery(Name = "hvd")] public string? Hvd { get; set; }
    [FromQuery(Name = "sortera")] public string? Sort { get; set; }
    [FromQuery(Name = "sida")] public int? PageNumber { get; set; }

    public SearchQuery Query { get; private set; } = new();
    public SearchResult? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Query = new SearchQuery
        {
            Text = Q, Organisation = Blank(Org), Theme = Blank(Theme), Specification = Blank(Spec), Format = Blank(Format),
            Goal = Goal, HighValueOnly = Hvd == "1",
            Sort = Sort switch { "nyast" => SearchSort.Newest, "titel" => SearchSort.Title, "populart" => SearchSort.MostUsed, _ => SearchSort.Relevance },
            Page = PageNumber ?? 1,
        };
        Result = CatalogueSearch.Run(await index.EntriesAsync(ct), Query);
    }

    public IEnumerable<(string Key, string Value)> FacetParameters() =>
        FacetKeys.Select(k => (k, Request.Query[k].ToString())).Where(p => p.Item2.Length > 0);

    /// <summary>The URL with one facet value switched on or off (and back to page 1).</summary>
    public string Toggle(string key, string value)
    {
        var current = Request.Query[key].ToString();
        return Link(key, current == value ? null : value, page: null);
    }

    public string PageLink(int page) => Link(null, null, page);

    private string Link(string? key, string? value, int? page)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (k, v) in Request.Query)
            if (k != key && k != "sida" && v.ToString().Length > 0) pairs.Add(new(k, v.ToString()));
        if (key is not null && value is not null) pairs.Add(new(key, value));
        if (page is > 1) pairs.Add(new("sida", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/sok" + QueryString.Create(pairs);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
