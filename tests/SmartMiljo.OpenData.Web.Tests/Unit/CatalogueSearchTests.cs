using System.Diagnostics;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Tests.Unit;

public sealed class CatalogueSearchTests
{
    private static CatalogueEntry Entry(string org, string title, string description = "", string[]? keywords = null, string[]? themes = null,
        string? spec = null, string[]? formats = null, int[]? goals = null, bool hvd = false, int daysAgo = 0, long views = 0) => new()
    {
        DatasetId = Guid.NewGuid(), OrganisationSlug = org, OrganisationName = org.ToUpperInvariant(), Slug = title.ToLowerInvariant().Replace(' ', '-'),
        Title = title, Description = description, Keywords = keywords ?? [], Themes = themes ?? [], SpecificationId = spec,
        Formats = formats ?? ["csv"], Goals = goals ?? [], IsHighValue = hvd, PublishedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo), Views = views,
        TitleText = title.ToLowerInvariant(),
        SearchText = string.Join(' ', [title, description, org, .. keywords ?? []]).ToLowerInvariant(),
    };

    private static readonly IReadOnlyList<CatalogueEntry> Catalogue =
    [
        Entry("mariestad", "Badplatser", "Strandbad och naturbad", ["bad"], ["ENVI", "HEAL"], "badplatser", ["csv", "geojson"], [3], daysAgo: 3, views: 10),
        Entry("kalmar", "Badplatser i Kalmar", "Kommunens bad", ["bad"], ["ENVI"], "badplatser", ["csv"], [3, 11], daysAgo: 1, views: 2),
        Entry("kalmar", "Laddplatser", "Laddstolpar för elbil", ["el"], ["TRAN"], "laddplatser", ["csv", "geojson"], [7], hvd: true, daysAgo: 2, views: 30),
        Entry("umea", "Lekplatser", "Lekplatser med utrustning", ["lek"], ["SOCI"], null, ["xlsx"], daysAgo: 5),
    ];

    [Fact]
    public void Every_word_must_occur_in_title_description_keywords_or_publisher()
    {
        Assert.Equal(2, CatalogueSearch.Run(Catalogue, new SearchQuery { Text = "bad" }).Total);
        var result = CatalogueSearch.Run(Catalogue, new SearchQuery { Text = "bad kalmar" });
        Assert.Equal(["Badplatser i Kalmar"], result.Items.Select(i => i.Title));
        Assert.Equal(0, CatalogueSearch.Run(Catalogue, new SearchQuery { Text = "bad elbil" }).Total);
    }

    [Fact]
    public void Facet_counts_apply_the_other_selected_facets_but_not_their_own()
    {
        var result = CatalogueSearch.Run(Catalogue, new SearchQuery { Organisation = "kalmar" });
        Assert.Equal(2, result.Total);
        // The organisation facet still offers the others, counted without the organisation filter.
        Assert.Equal(new Dictionary<string, int> { ["kalmar"] = 2, ["mariestad"] = 1, ["umea"] = 1 },
            result.Organisations.ToDictionary(f => f.Value, f => f.Count));
        Assert.True(result.Organisations.Single(f => f.Value == "kalmar").Selected);
        // Themes are counted within Kalmar only.
        Assert.Equal(new Dictionary<string, int> { ["ENVI"] = 1, ["TRAN"] = 1 }, result.Themes.ToDictionary(f => f.Value, f => f.Count));
        Assert.Equal(1, result.HighValueCount);

        var both = CatalogueSearch.Run(Catalogue, new SearchQuery { Organisation = "kalmar", Format = "geojson" });
        Assert.Equal(["Laddplatser"], both.Items.Select(i => i.Title));
        var goal = CatalogueSearch.Run(Catalogue, new SearchQuery { Goal = 3, Specification = "badplatser" });
        Assert.Equal(2, goal.Total);
        Assert.Equal(1, CatalogueSearch.Run(Catalogue, new SearchQuery { HighValueOnly = true }).Total);
    }

    [Fact]
    public void Sorting_and_paging()
    {
        Assert.Equal("Badplatser i Kalmar", CatalogueSearch.Run(Catalogue, new SearchQuery { Sort = SearchSort.Newest }).Items[0].Title);
        Assert.Equal("Laddplatser", CatalogueSearch.Run(Catalogue, new SearchQuery { Sort = SearchSort.MostUsed }).Items[0].Title);
        Assert.Equal(["Badplatser", "Badplatser i Kalmar", "Laddplatser", "Lekplatser"],
            CatalogueSearch.Run(Catalogue, new SearchQuery { Sort = SearchSort.Title }).Items.Select(i => i.Title));

        var page2 = CatalogueSearch.Run(Catalogue, new SearchQuery { Sort = SearchSort.Title, PageSize = 3, Page = 2 });
        Assert.Equal(2, page2.PageCount);
        Assert.Equal(["Lekplatser"], page2.Items.Select(i => i.Title));
        // A page past the end shows the last page rather than nothing.
        Assert.Equal(2, CatalogueSearch.Run(Catalogue, new SearchQuery { PageSize = 3, Page = 99 }).Page);
    }

    [Fact]
    public void Ten_thousand_datasets_are_searched_with_facets_well_under_a_second()
    {
        var themes = new[] { "ENVI", "HEAL", "TRAN", "SOCI", "EDUC" };
        var entries = Enumerable.Range(0, 10_000).Select(i => Entry($"org{i % 290}", $"Datamängd {i} om {(i % 7 == 0 ? "badplatser" : "annat")}",
            $"Beskrivning nummer {i} med lite text om kommunens verksamhet", [$"ord{i % 50}"], [themes[i % 5]], $"spec{i % 12}",
            i % 3 == 0 ? ["csv", "geojson"] : ["csv"], [i % 17 + 1], i % 11 == 0, i % 400, i % 97)).ToList();
        CatalogueSearch.Run(entries, new SearchQuery { Text = "warm up" });

        // The fastest of a few rounds: the machine is shared, and a slow round measures the neighbours.
        SearchResult result = null!, unfiltered = null!;
        var fastest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            result = CatalogueSearch.Run(entries, new SearchQuery { Text = "badplatser kommunens", Theme = "ENVI", Format = "geojson" });
            unfiltered = CatalogueSearch.Run(entries, new SearchQuery { Sort = SearchSort.Newest, Page = 3 });
            fastest = Math.Min(fastest, watch.ElapsedMilliseconds);
        }

        Assert.Equal(entries.Count(e => e.Title.Contains("badplatser") && e.Themes.Contains("ENVI") && e.Formats.Contains("geojson")), result.Total);
        Assert.Equal(10_000, unfiltered.Total);
        Assert.True(fastest < 500, $"Two searches took {fastest} ms.");
    }
}
