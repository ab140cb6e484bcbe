using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>One published dataset as the catalogue pages list and search it.</summary>
public sealed record CatalogueEntry
{
    public required Guid DatasetId { get; init; }
    public required string OrganisationSlug { get; init; }
    public required string OrganisationName { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? SpecificationId { get; init; }
    public IReadOnlyList<string> Formats { get; init; } = [];
    public IReadOnlyList<int> Goals { get; init; } = [];
    public bool IsHighValue { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public long RowCount { get; init; }

    /// <summary>A harvested catalogue record without data of ours: its data is at its source, it has no rows here.</summary>
    public bool RecordOnly { get; init; }
    public long Views { get; init; }

    /// <summary>Lower-case title, description, keywords and publisher: what free-text search looks in.</summary>
    public required string SearchText { get; init; }
    public required string TitleText { get; init; }

    public string Url => PublicUrls.Relative.DatasetPage(OrganisationSlug, Slug);
}

/// <summary>
/// An in-memory snapshot of the published catalogue, rebuilt at most every few seconds. Searching and
/// counting facets over 10,000 small records in memory takes milliseconds, where doing it in SQL on
/// SQLite would need a query per facet.
/// </summary>
public sealed class CatalogueIndex(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset BuiltAt, IReadOnlyList<CatalogueEntry> Entries)? _snapshot;

    public async Task<IReadOnlyList<CatalogueEntry>> EntriesAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } fresh && clock.GetUtcNow() - fresh.BuiltAt < MaxAge) return fresh.Entries;
        await _gate.WaitAsync(ct);
        try
        {
            if (_snapshot is { } again && clock.GetUtcNow() - again.BuiltAt < MaxAge) return again.Entries;
            var entries = await LoadAsync(ct);
            _snapshot = (clock.GetUtcNow(), entries);
            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the snapshot, e.g. after a publish from the web.</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<IReadOnlyList<CatalogueEntry>> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var rows = await (from d in db.Datasets.AsNoTracking().WherePublished()
                          join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                          // A harvested record published without data of ours has no version; it is listed too.
                          join v in db.DatasetVersions.AsNoTracking() on d.CurrentVersionId equals v.Id into current
                          from v in current.DefaultIfEmpty()
                          select new
                          {
                              d, o.Slug, o.Name, RowCount = v == null ? 0L : v.RowCount, PublishedAt = v == null ? d.Issued : v.PublishedAt,
                              CreatedAt = v == null ? d.CreatedAt : v.CreatedAt, Id = v == null ? Guid.Empty : v.Id,
                          }).ToListAsync(ct);
        var versionIds = rows.Select(r => r.Id).ToList();
        var formats = (await db.Distributions.AsNoTracking().Where(x => versionIds.Contains(x.DatasetVersionId))
                .Select(x => new { x.DatasetVersionId, x.Format }).ToListAsync(ct))
            .ToLookup(x => x.DatasetVersionId, x => x.Format);
        var views = await web.ViewCounts.AsNoTracking().ToDictionaryAsync(x => x.DatasetId, x => x.Views, ct);

        return rows.Select(r => new CatalogueEntry
        {
            DatasetId = r.d.Id,
            OrganisationSlug = r.Slug,
            OrganisationName = r.Name,
            Slug = r.d.Slug,
            Title = r.d.Title,
            TitleEn = r.d.TitleEn,
            Description = r.d.Description,
            Keywords = r.d.Keywords,
            Themes = r.d.Themes,
            SpecificationId = r.d.SpecificationId,
            Formats = formats[r.Id].Order(StringComparer.Ordinal).ToList(),
            Goals = r.d.SustainableDevelopmentGoals,
            IsHighValue = r.d.IsHighValue,
            PublishedAt = r.PublishedAt ?? r.CreatedAt,
            RowCount = r.RowCount,
            RecordOnly = r.Id == Guid.Empty,
            Views = views.GetValueOrDefault(r.d.Id),
            TitleText = $"{r.d.Title} {r.d.TitleEn}".ToLowerInvariant(),
            SearchText = string.Join(' ', [r.d.Title, r.d.TitleEn, r.d.Description, r.d.DescriptionEn, r.Name, .. r.d.Keywords]).ToLowerInvariant(),
        }).ToList();
    }
}
