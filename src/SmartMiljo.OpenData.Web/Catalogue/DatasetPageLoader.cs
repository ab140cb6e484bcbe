using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Catalogue;

public sealed record VersionSummary(int Number, long RowCount, DateTimeOffset? PublishedAt, VersionStatus Status, VersionDiff? Diff = null);

/// <summary>Everything the dataset page shows.</summary>
public sealed record DatasetPageData
{
    public required PublishedDataset Published { get; init; }
    public required Dataset Dataset { get; init; }
    public required Organisation Organisation { get; init; }
    public Specification? Specification { get; init; }
    public HarvestSource? Source { get; init; }
    public ValidationReport? Report { get; init; }
    public DateTimeOffset? ReportAt { get; init; }
    public IReadOnlyList<VersionSummary> Versions { get; init; } = [];
    public bool HasCoordinates { get; init; }
    /// <summary>The MQA score dataportal.se would give, computed on the DCAT we publish; null when the dataset is not in our feed.</summary>
    public Rdf.Mqa.MqaDatasetScore? Quality { get; init; }

    /// <summary>The OData entity set of the current version.</summary>
    public string ODataPath => PublicUrls.Relative.ODataEntitySet(Published.OrganisationSlug, Published.DatasetSlug);
    public string ODataMetadataPath => PublicUrls.Relative.ODataMetadata(Published.OrganisationSlug);
    public string CataloguePath => PublicUrls.Relative.OrganisationCatalogue(Published.OrganisationSlug);
    public string DownloadUrl(string format) => PublicUrls.Relative.Download(Published.OrganisationSlug, Published.DatasetSlug, format);
    public string ChangesUrl(int version, string format) => PublicUrls.Relative.VersionChanges(Published.OrganisationSlug, Published.DatasetSlug, version, format);
}

/// <summary>A harvested catalogue record published without data of ours: its description and its organisation.</summary>
public sealed record CatalogueRecordPage(Dataset Dataset, Organisation Organisation);

/// <summary>What the page of a withdrawn dataset says: what it was and where its publisher's other data is.</summary>
public sealed record WithdrawnDatasetPage(string OrganisationSlug, string OrganisationName, string Title, string? TitleEn, DateTimeOffset? WithdrawnAt);

/// <summary>Reads the dataset page's data from the catalogue in a handful of small queries.</summary>
public sealed class DatasetPageLoader(
    IPublishedDatasets published, CatalogueDbContext db, WebDbContext web, ISpecificationRegistry specifications, Api.Dcat.DatasetQuality quality)
{
    public async Task<DatasetPageData?> LoadAsync(string organisationSlug, string datasetSlug, CancellationToken ct)
    {
        var current = await published.FindAsync(organisationSlug, datasetSlug, ct);
        if (current is null) return null;
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == current.DatasetId, ct);
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == dataset.OrganisationId, ct);
        var version = await db.DatasetVersions.AsNoTracking().FirstAsync(v => v.Id == dataset.CurrentVersionId, ct);
        var versions = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == dataset.Id && (v.Status == VersionStatus.Published || v.Status == VersionStatus.Superseded))
            .OrderByDescending(v => v.Number).ToListAsync(ct);
        var source = await db.HarvestSources.AsNoTracking().Where(s => s.DatasetId == dataset.Id).OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);

        // The report of the run that published the current version, else the newest report.
        var run = await db.HarvestRuns.AsNoTracking().Where(r => r.DatasetVersionId == version.Id && r.ReportJson != null).FirstOrDefaultAsync(ct);
        if (run is null && source is not null)
            run = await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == source.Id && r.ReportJson != null)
                .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        ValidationReport? report = null;
        if (run?.ReportJson is { } json)
        {
            try { report = ValidationReport.FromJson(json); }
            catch (System.Text.Json.JsonException) { report = null; } // An unreadable old report is not worth failing the page.
        }

        var hasCoordinates = version.MinLatitude is not null || current.Schema.Geometry is not null
                             || current.Schema.Fields.Any(f => f.Type is FieldType.GeoPoint or FieldType.Geometry);

        return new DatasetPageData
        {
            Published = current,
            Dataset = dataset,
            Organisation = organisation,
            Specification = dataset.SpecificationId is { } id ? specifications.Find(id, dataset.SpecificationVersion) ?? specifications.Find(id) : null,
            Source = source,
            Report = report,
            ReportAt = run?.FinishedAt ?? run?.StartedAt,
            Versions = versions.Select(v => new VersionSummary(v.Number, v.RowCount, v.PublishedAt, v.Status, v.Diff)).ToList(),
            HasCoordinates = hasCoordinates,
            Quality = await quality.ScoreAsync(organisationSlug, datasetSlug, ct),
        };
    }

    /// <summary>A published catalogue record without data of ours (<see cref="Dataset.RecordOnly"/>), or null.</summary>
    public async Task<CatalogueRecordPage?> LoadRecordAsync(string organisationSlug, string datasetSlug, CancellationToken ct)
    {
        var row = await (from d in db.Datasets.AsNoTracking().WherePublished()
                         join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                         where o.Slug == organisationSlug && d.Slug == datasetSlug && d.CurrentVersionId == null
                         select new { d, o }).FirstOrDefaultAsync(ct);
        return row is null ? null : new CatalogueRecordPage(row.d, row.o);
    }

    /// <summary>The dataset when its publisher withdrew it (its address then answers 410 Gone, pointing to its organisation).</summary>
    public async Task<WithdrawnDatasetPage?> WithdrawnAsync(string organisationSlug, string datasetSlug, CancellationToken ct) =>
        await (from d in db.Datasets.AsNoTracking()
               join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
               where o.Slug == organisationSlug && d.Slug == datasetSlug && d.Status == DatasetStatus.Withdrawn
               select new WithdrawnDatasetPage(o.Slug, o.Name, d.Title, d.TitleEn, d.Modified)).FirstOrDefaultAsync(ct);

    public async Task<bool> ExistsAsync(string organisationSlug, string datasetSlug, CancellationToken ct) =>
        await published.FindAsync(organisationSlug, datasetSlug, ct) is not null || await LoadRecordAsync(organisationSlug, datasetSlug, ct) is not null;

    /// <summary>Counts a visit for "most used"; a lost count under contention does not matter.</summary>
    public async Task CountViewAsync(Guid datasetId, CancellationToken ct)
    {
        var updated = await web.ViewCounts.Where(v => v.DatasetId == datasetId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Views, v => v.Views + 1), ct);
        if (updated > 0) return;
        web.ViewCounts.Add(new DatasetViewCount { DatasetId = datasetId, Views = 1 });
        try { await web.SaveChangesAsync(ct); }
        catch (DbUpdateException) { /* Another request created the row first. */ }
    }
}
