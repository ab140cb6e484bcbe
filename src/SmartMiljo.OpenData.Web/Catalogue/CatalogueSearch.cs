namespace SmartMiljo.OpenData.Web.Catalogue;

public enum SearchSort { Relevance, Newest, Title, MostUsed }

/// <summary>A search as the search page's query string states it.</summary>
public sealed record SearchQuery
{
    public string? Text { get; init; }
    public string? Organisation { get; init; }
    public string? Theme { get; init; }
    public string? Specification { get; init; }
    public string? Format { get; init; }
    public int? Goal { get; init; }
    public bool HighValueOnly { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

public sealed record FacetValue(string Value, string Label, int Count, bool Selected);

public sealed record SearchResult(
    IReadOnlyList<CatalogueEntry> Items, int Total, int Page, int PageCount,
    IReadOnlyList<FacetValue> Organisations, IReadOnlyList<FacetValue> Themes, IReadOnlyList<FacetValue> Specifications,
    IReadOnlyList<FacetValue> Formats, IReadOnlyList<FacetValue> Goals, int HighValueCount);

/// <summary>
/// Free-text search (every word must occur in title, description, keywords or publisher) with facets.
/// Each facet's counts apply all the other selected facets, so a count says what clicking it gives.
/// </summary>
public static class CatalogueSearch
{
    public static SearchResult Run(IReadOnlyList<CatalogueEntry> entries, SearchQuery q)
    {
        var words = (q.Text ?? "").ToLowerInvariant().Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var matching = words.Length == 0 ? entries : entries.Where(e => words.All(w => e.SearchText.Contains(w, StringComparison.Ordinal))).ToList();

        bool Org(CatalogueEntry e) => q.Organisation is null || e.OrganisationSlug == q.Organisation;
        bool Theme(CatalogueEntry e) => q.Theme is null || e.Themes.Contains(q.Theme);
        bool Spec(CatalogueEntry e) => q.Specification is null || e.SpecificationId == q.Specification;
        bool Format(CatalogueEntry e) => q.Format is null || e.Formats.Contains(q.Format);
        bool Goal(CatalogueEntry e) => q.Goal is null || e.Goals.Contains(q.Goal.Value);
        bool Hvd(CatalogueEntry e) => !q.HighValueOnly || e.IsHighValue;

        var filtered = matching.Where(e => Org(e) && Theme(e) && Spec(e) && Format(e) && Goal(e) && Hvd(e)).ToList();
        var sorted = q.Sort switch
        {
            SearchSort.Newest => filtered.OrderByDescending(e => e.PublishedAt),
            SearchSort.Title => filtered.OrderBy(e => e.Title, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), true)),
            SearchSort.MostUsed => filtered.OrderByDescending(e => e.Views).ThenByDescending(e => e.PublishedAt),
            _ => filtered.OrderByDescending(e => words.Count(w => e.TitleText.Contains(w, StringComparison.Ordinal)))
                .ThenByDescending(e => e.Views).ThenBy(e => e.Title, StringComparer.Ordinal),
        };
        var pageSize = Math.Clamp(q.PageSize, 1, 100);
        var pageCount = Math.Max(1, (filtered.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(q.Page, 1, pageCount);
        var items = sorted.Skip((page - 1) * pageSize).Take(pageSize).ToList();

        var organisations = Count(matching.Where(e => Theme(e) && Spec(e) && Format(e) && Goal(e) && Hvd(e)),
            e => [e.OrganisationSlug], q.Organisation, e => e.OrganisationName);
        var themes = Count(matching.Where(e => Org(e) && Spec(e) && Format(e) && Goal(e) && Hvd(e)),
            e => e.Themes, q.Theme, null, Labels.Theme);
        var specs = Count(matching.Where(e => Org(e) && Theme(e) && Format(e) && Goal(e) && Hvd(e)),
            e => e.SpecificationId is null ? [] : [e.SpecificationId], q.Specification);
        var formats = Count(matching.Where(e => Org(e) && Theme(e) && Spec(e) && Goal(e) && Hvd(e)),
            e => e.Formats, q.Format, null, f => f.ToUpperInvariant());
        var goals = Count(matching.Where(e => Org(e) && Theme(e) && Spec(e) && Format(e) && Hvd(e)),
            e => e.Goals.Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)), q.Goal?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, g => Labels.Goal(int.Parse(g, System.Globalization.CultureInfo.InvariantCulture)));
        var hvd = matching.Count(e => Org(e) && Theme(e) && Spec(e) && Format(e) && Goal(e) && e.IsHighValue);
        return new SearchResult(items, filtered.Count, page, pageCount, organisations, themes, specs, formats, goals, hvd);
    }

    private static List<FacetValue> Count(IEnumerable<CatalogueEntry> entries, Func<CatalogueEntry, IEnumerable<string>> values,
        string? selected, Func<CatalogueEntry, string>? labelOf = null, Func<string, string>? label = null)
    {
        var counts = new Dictionary<string, (int Count, string Label)>(StringComparer.Ordinal);
        foreach (var e in entries)
            foreach (var v in values(e).Distinct())
            {
                var (count, existing) = counts.GetValueOrDefault(v);
                counts[v] = (count + 1, existing ?? labelOf?.Invoke(e) ?? label?.Invoke(v) ?? v);
            }
        if (selected is not null && !counts.ContainsKey(selected)) counts[selected] = (0, label?.Invoke(selected) ?? selected);
        return counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.Label, StringComparer.Ordinal)
            .Select(kv => new FacetValue(kv.Key, kv.Value.Label, kv.Value.Count, kv.Key == selected)).ToList();
    }
}
