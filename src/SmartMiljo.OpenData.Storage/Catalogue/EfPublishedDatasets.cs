using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>Reads what is published from the catalogue. One query per call: the current-version pointer
/// is read together with the version row, so a reader never mixes two versions.</summary>
public sealed class EfPublishedDatasets(CatalogueDbContext db, VersionSchemaCache schemas) : IPublishedDatasets
{
    public async Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default)
    {
        var query = from d in db.Datasets.AsNoTracking().WherePublished()
                    join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                    join v in db.DatasetVersions.AsNoTracking().Include(v => v.Distributions) on d.CurrentVersionId equals v.Id
                    where organisationSlug == null || o.Slug == organisationSlug
                    orderby o.Slug, d.Slug
                    select new { d, o, v };
        var rows = await query.ToListAsync(cancellationToken);
        return rows.Select(r => Map(r.d, r.o, r.v)).ToList();
    }

    public async Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default)
    {
        var row = await (from d in db.Datasets.AsNoTracking().WherePublished()
                         join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                         join v in db.DatasetVersions.AsNoTracking().Include(v => v.Distributions) on d.CurrentVersionId equals v.Id
                         where o.Slug == organisationSlug && d.Slug == datasetSlug
                         select new { d, o, v }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Map(row.d, row.o, row.v);
    }

    public async Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default)
    {
        var row = await (from d in db.Datasets.AsNoTracking().WherePublished()
                         join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                         join v in db.DatasetVersions.AsNoTracking().Include(v => v.Distributions) on d.Id equals v.DatasetId
                         where o.Slug == organisationSlug && d.Slug == datasetSlug
                               && v.Number == versionNumber
                               && (v.Status == VersionStatus.Published || v.Status == VersionStatus.Superseded)
                         select new { d, o, v }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Map(row.d, row.o, row.v);
    }

    private PublishedDataset Map(Dataset d, Organisation o, DatasetVersion v) => new()
    {
        DatasetId = d.Id,
        OrganisationSlug = o.Slug,
        OrganisationName = o.Name,
        DatasetSlug = d.Slug,
        Title = d.Title,
        TitleEn = d.TitleEn,
        Description = d.Description,
        DescriptionEn = d.DescriptionEn,
        License = d.License,
        VersionNumber = v.Number,
        TableName = v.TableName,
        Schema = schemas.Get(v.Id, v.SchemaJson),
        RowCount = v.RowCount,
        PublishedAt = v.PublishedAt ?? v.CreatedAt,
        Diff = v.Diff,
        Distributions = v.Distributions
            .OrderBy(x => x.Format, StringComparer.Ordinal)
            .Select(x => new PublishedDistribution(x.Format, x.MediaType, x.StorageKey, x.ByteSize, x.Sha256, x.CreatedAt))
            .ToList(),
    };
}
