using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// What the DCAT endpoints need from the platform (implemented by the host, e.g. over the catalogue database):
/// the instance description, a version stamp for HTTP caching, and the organisations with their datasets as
/// DCAT records, streamed and sliceable for Hydra paging.
/// </summary>
public interface IDcatCatalogueSource
{
    Task<DcatInstance> GetInstanceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The version of the whole catalogue (<paramref name="organisationSlug"/> null) or of one organisation's:
    /// the token must change whenever anything that is published in it changes.
    /// </summary>
    Task<DcatCatalogueVersion> GetVersionAsync(string? organisationSlug, CancellationToken cancellationToken);

    /// <summary>
    /// Organisations (all, or the one with <paramref name="organisationSlug"/>) with their published datasets, in a
    /// stable order (organisation, then dataset). <paramref name="skip"/> and <paramref name="take"/> count datasets
    /// across organisations: an organisation whose datasets all fall outside the slice may be left out.
    /// </summary>
    IAsyncEnumerable<DcatOrganisationCatalogue> GetOrganisationsAsync(string? organisationSlug, int skip, int? take, CancellationToken cancellationToken);

    /// <summary>
    /// One published dataset with its organisation, for the description behind the dataset's own IRI and its
    /// quality score; null when the organisation has no such published dataset. The default reads the
    /// organisation's catalogue; a database-backed source asks for the one row.
    /// </summary>
    async Task<DcatDatasetRecord?> GetDatasetAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken)
    {
        await foreach (var catalogue in GetOrganisationsAsync(organisationSlug, 0, null, cancellationToken))
            await foreach (var dataset in catalogue.Datasets.WithCancellation(cancellationToken))
                if (dataset.Slug == datasetSlug) return new DcatDatasetRecord(catalogue.Organisation, dataset);
        return null;
    }
}

/// <summary>One dataset as DCAT records: its organisation (publisher, contact) and itself.</summary>
public sealed record DcatDatasetRecord(DcatOrganisation Organisation, DcatDataset Dataset);

/// <param name="Token">Changes whenever the catalogue changes (e.g. a hash of the latest publish ids); used in the ETag.</param>
/// <param name="LastModified">When anything in it last changed (Last-Modified).</param>
/// <param name="DatasetCount">Published datasets in it (decides whether Hydra paging is used).</param>
/// <param name="Exists">False for an unknown organisation (404).</param>
public sealed record DcatCatalogueVersion(string Token, DateTimeOffset LastModified, long DatasetCount, bool Exists = true);
