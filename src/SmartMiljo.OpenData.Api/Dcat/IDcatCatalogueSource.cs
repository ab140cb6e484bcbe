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
    /// stable order (organisation slug, then dataset slug), only the datasets whose key lies in <paramref name="range"/>:
    /// an organisation whose datasets all fall outside it may be left out (not when it was asked for by slug).
    /// </summary>
    IAsyncEnumerable<DcatOrganisationCatalogue> GetOrganisationsAsync(string? organisationSlug, DcatKeyRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Where a page of <paramref name="size"/> datasets starting after <paramref name="after"/> (null: from the start)
    /// ends, in the order of <see cref="GetOrganisationsAsync"/>: the key of its last dataset, and whether any follow.
    /// </summary>
    Task<DcatPageEnd> FindPageEndAsync(string? organisationSlug, DcatDatasetKey? after, int size, CancellationToken cancellationToken);

    /// <summary>
    /// One published dataset with its organisation, for the description behind the dataset's own IRI and its
    /// quality score; null when the organisation has no such published dataset. The default reads the
    /// organisation's catalogue; a database-backed source asks for the one row.
    /// </summary>
    async Task<DcatDatasetRecord?> GetDatasetAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken)
    {
        await foreach (var catalogue in GetOrganisationsAsync(organisationSlug, DcatKeyRange.All, cancellationToken))
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

/// <summary>
/// A dataset's place in the catalogue's stable order (organisation slug, then dataset slug): the key of keyset paging,
/// written <c>organisation/dataset</c> in a page's <c>?after=</c>.
/// </summary>
public sealed record DcatDatasetKey(string Organisation, string Dataset)
{
    private const int MaxLength = 400;

    public override string ToString() => Organisation + "/" + Dataset;

    /// <summary>Reads <c>organisation/dataset</c> as a page link gives it; false for anything else.</summary>
    public static bool TryParse(string? text, out DcatDatasetKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(char.IsControl)) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0) return false;
        key = new DcatDatasetKey(text[..slash], text[(slash + 1)..]);
        return true;
    }
}

/// <summary>The datasets after <see cref="After"/> up to and including <see cref="Through"/>; a null bound is open.</summary>
public sealed record DcatKeyRange(DcatDatasetKey? After, DcatDatasetKey? Through)
{
    public static readonly DcatKeyRange All = new(null, null);
}

/// <param name="Last">The last dataset of the page; null when the page is empty.</param>
/// <param name="More">Whether datasets follow it (the page has a next).</param>
public sealed record DcatPageEnd(DcatDatasetKey? Last, bool More);
