using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>Maps our catalogue onto the DCAT-AP-SE records, streaming datasets organisation by organisation.</summary>
public sealed class DcatCatalogueSource(
    CatalogueDbContext db, ISpecificationRegistry specifications, IOptions<PlatformOptions> platform, IHttpContextAccessor http)
    : IDcatCatalogueSource
{
    private string BaseUrl => http.HttpContext is { } context
        ? platform.Value.ResolveBaseUrl(context.Request)
        : (platform.Value.BaseUrl ?? "http://localhost").TrimEnd('/');

    public async Task<DcatInstance> GetInstanceAsync(CancellationToken cancellationToken)
    {
        var options = platform.Value;
        var (lastModified, _) = await FingerprintAsync(null, cancellationToken);
        return new DcatInstance
        {
            BaseUrl = BaseUrl,
            Title = new LocalizedText(options.CatalogueTitle, options.CatalogueTitleEn),
            Description = new LocalizedText(options.CatalogueDescription, options.CatalogueDescriptionEn),
            Publisher = new DcatAgent(options.PublisherName, options.PublisherOrganisationNumber, AdmsPublisherType.RegionalAuthority),
            Modified = lastModified,
        };
    }

    public async Task<DcatCatalogueVersion> GetVersionAsync(string? organisationSlug, CancellationToken cancellationToken)
    {
        if (organisationSlug is not null && !await db.Organisations.AnyAsync(o => o.Slug == organisationSlug, cancellationToken))
            return new DcatCatalogueVersion("", DateTimeOffset.UnixEpoch, 0, Exists: false);
        var (lastModified, fingerprint) = await FingerprintAsync(organisationSlug, cancellationToken);
        var token = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint + "|" + BaseUrl)))[..32];
        return new DcatCatalogueVersion(token, lastModified, await CountAsync(organisationSlug, cancellationToken));
    }

    /// <summary>The organisations in slug order with their datasets in one key range (a page), compared in the database
    /// as the database orders them, so the range and the order always agree.</summary>
    public async IAsyncEnumerable<DcatOrganisationCatalogue> GetOrganisationsAsync(string? organisationSlug, DcatKeyRange range,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseUrl = BaseUrl;
        var organisations = db.Organisations.AsNoTracking().Where(o => organisationSlug == null || o.Slug == organisationSlug);
        // An organisation asked for by slug is written even when the range leaves it no datasets (a valid empty page).
        if (organisationSlug is null && range.After is { } from) organisations = organisations.Where(o => string.Compare(o.Slug, from.Organisation) >= 0);
        if (organisationSlug is null && range.Through is { } to) organisations = organisations.Where(o => string.Compare(o.Slug, to.Organisation) <= 0);
        foreach (var organisation in await organisations.OrderBy(o => o.Slug).ToListAsync(cancellationToken))
        {
            var datasets = DatasetsAsync(organisation, baseUrl, range, cancellationToken);
            if (organisationSlug is null)
            {
                // Left out when the range holds none of its datasets, as an unpaged catalogue leaves out an empty organisation.
                await using var e = datasets.GetAsyncEnumerator(cancellationToken);
                if (!await e.MoveNextAsync()) continue;
                yield return new DcatOrganisationCatalogue(Map(organisation), Prepend(e.Current, e, cancellationToken));
            }
            else yield return new DcatOrganisationCatalogue(Map(organisation), datasets);
        }
    }

    private static async IAsyncEnumerable<DcatDataset> Prepend(DcatDataset first, IAsyncEnumerator<DcatDataset> rest,
        [EnumeratorCancellation] CancellationToken ct)
    {
        yield return first;
        while (await rest.MoveNextAsync()) yield return rest.Current;
    }

    public async Task<DcatPageEnd> FindPageEndAsync(string? organisationSlug, DcatDatasetKey? after, int size, CancellationToken cancellationToken)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
        var keys = from d in db.Datasets.AsNoTracking().WherePublished()
                   join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
                   where (organisationSlug == null || o.Slug == organisationSlug) && d.Republished
                   select new { Organisation = o.Slug, Dataset = d.Slug };
        if (after is { } a)
            keys = keys.Where(k => string.Compare(k.Organisation, a.Organisation) > 0
                                   || (k.Organisation == a.Organisation && string.Compare(k.Dataset, a.Dataset) > 0));
        var window = await keys.OrderBy(k => k.Organisation).ThenBy(k => k.Dataset).Skip(size - 1).Take(2).ToListAsync(cancellationToken);
        // Fewer than a page left: the page runs to the end, and a dataset added meanwhile still lands on it.
        return window.Count == 0 ? new DcatPageEnd(null, false) : new DcatPageEnd(new DcatDatasetKey(window[0].Organisation, window[0].Dataset), window.Count == 2);
    }

    public async Task<DcatDatasetRecord?> GetDatasetAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == organisationSlug, cancellationToken);
        if (organisation is null) return null;
        var row = await (from d in PublishedDatasets(organisationSlug)
                         join v in db.DatasetVersions.AsNoTracking().Include(v => v.Distributions) on d.CurrentVersionId equals v.Id
                         where d.Slug == datasetSlug
                         select new
                         {
                             Dataset = d,
                             Version = v,
                             Schedule = db.HarvestSources.Where(s => s.DatasetId == d.Id && s.Enabled).Select(s => s.Schedule).FirstOrDefault(),
                         }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new DcatDatasetRecord(Map(organisation), Map(organisation, row.Dataset, row.Version, row.Schedule, BaseUrl));
    }

    /// <summary>The record the feed carries for <paramref name="dataset"/> with <paramref name="version"/> current,
    /// mapped as every published dataset is; for one not stored yet too (the wizard's draft, see
    /// <see cref="DatasetQuality.ScoreBeforePublishingAsync"/>).</summary>
    public DcatDatasetRecord Record(Organisation organisation, Dataset dataset, DatasetVersion? version, string? schedule) =>
        new(Map(organisation), Map(organisation, dataset, version, schedule, BaseUrl));

    /// <summary>A cheap fingerprint of everything the catalogue document shows, for ETag and Last-Modified.</summary>
    private async Task<(DateTimeOffset LastModified, string Fingerprint)> FingerprintAsync(string? organisationSlug, CancellationToken ct)
    {
        var query = PublishedDatasets(organisationSlug);
        var count = await query.CountAsync(ct);
        var versions = await query.Select(d => d.CurrentVersionId).ToListAsync(ct);
        // A metadata edit changes the document as much as a new version does.
        var modified = await query.Select(d => d.MetadataModified > d.Modified || d.Modified == null ? d.MetadataModified : d.Modified).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationSlug == null || o.Slug == organisationSlug)
            .Select(o => o.Id).ToListAsync(ct);
        var last = modified.Where(m => m is not null).Select(m => m!.Value).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();
        var fingerprint = $"{count}|{string.Join(",", versions.OrderBy(v => v))}|{string.Join(",", organisations.OrderBy(o => o))}|{last.UtcTicks}";
        return (last, fingerprint);
    }

    private Task<int> CountAsync(string? organisationSlug, CancellationToken ct) => PublishedDatasets(organisationSlug).CountAsync(ct);

    public static DcatOrganisation Map(Organisation o) => new()
    {
        Slug = o.Slug,
        Name = o.Name,
        OrganisationNumber = o.OrganisationNumber,
        MunicipalityCode = o.MunicipalityCode is { Length: 4 } code ? code : null,
        PublisherType = o.PublisherType switch
        {
            PublisherType.RegionalAuthority => AdmsPublisherType.RegionalAuthority,
            PublisherType.NationalAuthority => AdmsPublisherType.NationalAuthority,
            PublisherType.Company => AdmsPublisherType.Company,
            PublisherType.NonProfitOrganisation => AdmsPublisherType.NonProfitOrganisation,
            _ => AdmsPublisherType.LocalAuthority,
        },
        Homepage = o.Homepage,
        SpatialIri = o.SpatialIri,
        ContactEmail = o.ContactEmail,
        ContactPhone = o.ContactPhone,
        Issued = o.CreatedAt,
    };

    /// <summary>The datasets of one organisation in slug order within a key range, read in chunks by key.</summary>
    private async IAsyncEnumerable<DcatDataset> DatasetsAsync(Organisation organisation, string baseUrl, DcatKeyRange range,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var datasets = PublishedDatasets(organisation.Slug);
        if (range.After is { } from && from.Organisation == organisation.Slug) datasets = datasets.Where(d => string.Compare(d.Slug, from.Dataset) > 0);
        if (range.Through is { } to && to.Organisation == organisation.Slug) datasets = datasets.Where(d => string.Compare(d.Slug, to.Dataset) <= 0);
        // Chunks keep memory flat for organisations with thousands of datasets; each starts after the last one read.
        const int chunk = 500;
        string? last = null;
        while (true)
        {
            var window = last is null ? datasets : datasets.Where(d => string.Compare(d.Slug, last) > 0);
            // A harvested record published without data of ours has no version: a left join keeps it.
            var rows = from d in window
                       join v in db.DatasetVersions.AsNoTracking().Include(v => v.Distributions) on d.CurrentVersionId equals v.Id into current
                       from v in current.DefaultIfEmpty()
                       orderby d.Slug
                       select new
                       {
                           Dataset = d,
                           Version = v,
                           Schedule = db.HarvestSources.Where(s => s.DatasetId == d.Id && s.Enabled).Select(s => s.Schedule).FirstOrDefault(),
                       };
            var batch = await rows.Take(chunk).ToListAsync(ct);
            foreach (var row in batch)
                yield return Map(organisation, row.Dataset, row.Version, row.Schedule, baseUrl);
            if (batch.Count < chunk) yield break;
            last = batch[^1].Dataset.Slug;
            db.ChangeTracker.Clear();
        }
    }

    private DcatDataset Map(Organisation o, Dataset d, DatasetVersion? v, string? schedule, string baseUrl) =>
        v is null ? MapRecord(o, d, schedule, baseUrl) : MapWithData(o, d, v, schedule, baseUrl);

    /// <summary>A harvested record without data of ours: its description, and its distributions where its source points.</summary>
    private DcatDataset MapRecord(Organisation o, Dataset d, string? schedule, string baseUrl)
    {
        var described = MapWithData(o, d, null, schedule, baseUrl);
        return described with
        {
            ODataService = null,
            Distributions = [],
            SourceDistributions = d.SourceDistributions.Select(x => new DcatSourceDistribution
            {
                Iri = x.Iri, AccessUrl = x.AccessUrl, DownloadUrl = x.DownloadUrl, Format = x.Format, MediaType = x.MediaType,
                Title = x.Title is null ? null : new LocalizedText(x.Title, x.TitleEn), License = x.License,
            }).ToList(),
        };
    }

    private DcatDataset MapWithData(Organisation o, Dataset d, DatasetVersion? v, string? schedule, string baseUrl)
    {
        var urls = new PublicUrls(baseUrl);
        return new DcatDataset
        {
            Slug = d.Slug,
            Title = new LocalizedText(d.Title, d.TitleEn),
            Description = new LocalizedText(string.IsNullOrWhiteSpace(d.Description) ? d.Title : d.Description, d.DescriptionEn),
            Keywords = [.. d.Keywords.Select(k => new DcatKeyword(k)), .. d.KeywordsEn.Select(k => new DcatKeyword(k, "en")),
                .. d.OtherLanguages.SelectMany(t => t.Keywords.Select(k => new DcatKeyword(k, t.Language)))],
            OtherLanguages = [.. d.OtherLanguages.Select(t => new DcatLanguageText(t.Language, t.Title, t.Description))],
            Themes = d.Themes,
            SpecificationIri = d.SpecificationId is { } spec && specifications.Find(spec, d.SpecificationVersion) is { } followed
                ? SpecificationIris.Published(followed, urls) : null,
            LicenseIri = d.License,
            AccessRights = d.AccessRights switch { "RESTRICTED" => DcatAccessRights.Restricted, "NON_PUBLIC" => DcatAccessRights.NonPublic, _ => DcatAccessRights.Public },
            Contact = OwnContact(o, d),
            Issued = d.Issued,
            Modified = d.Modified,
            // How often the data changes, as the publisher says; else what the harvest schedule implies.
            UpdateFrequency = d.UpdateFrequency ?? (schedule is not null && DcatFrequency.TryFrequencyFromCron(schedule, out var code, out _) ? code : null),
            Temporal = d.TemporalStart is null && d.TemporalEnd is null ? null : new DcatTemporalCoverage(d.TemporalStart, d.TemporalEnd),
            Spatial = d.Spatial,
            // Any known name of a registered specification (www., lankadedata's, ours) is written as dataportal.se matches it.
            ConformsTo = [.. d.ConformsTo.Select(iri => specifications.FindByIri(iri) is { } known ? SpecificationIris.Published(known, urls) : iri).Distinct(StringComparer.Ordinal)],
            Documentation = d.Documentation,
            LandingPage = d.LandingPage,
            Identifier = d.Identifier,
            OriginalIri = d.OriginalIri,
            Publisher = d.OriginalPublisherName is { } publisherName && d.OriginalPublisherIri is { } publisherIri
                        && Enum.TryParse<AdmsPublisherType>(d.OriginalPublisherType, out var publisherType)
                ? new DcatPublisherReference(publisherName, publisherIri, publisherType) : null,
            SeriesIri = d.SeriesIri,
            BoundingBox = v?.MinLatitude is { } minLat && v.MinLongitude is { } minLon && v.MaxLatitude is { } maxLat && v.MaxLongitude is { } maxLon
                ? new DcatBoundingBox(minLat, minLon, maxLat, maxLon) : null,
            IsHighValue = d.IsHighValue,
            HvdCategories = d.HvdCategories,
            SustainableDevelopmentGoals = d.SustainableDevelopmentGoals,
            // Variants of a format (e.g. the Excel-friendly CSV with BOM) stay off DCAT: one distribution per format.
            // So do the Excel workbook and zipped bundles: the MQA method counts a proprietary or not machine-readable
            // format against every dataset offering one (a share of 20 points each), while the same rows are in CSV,
            // JSON and Parquet; the dataset page still offers them.
            Distributions = (v?.Distributions ?? []).Where(x => DcatFileFormat.TryGet(x.Format, out var format) && format.NonProprietary && format.MachineReadable)
                .OrderBy(x => x.Format, StringComparer.Ordinal).Select(x => new DcatDistribution
            {
                Format = x.Format,
                DownloadUrl = urls.Download(o.Slug, d.Slug, x.Format),
                MediaType = x.MediaType,
                ByteSize = x.ByteSize,
                // A file whose checksum is not known yet (the wizard's draft, see DatasetQuality) says none.
                Sha256 = x.Sha256 is { Length: > 0 } sha256 ? sha256 : null,
                Modified = x.CreatedAt,
            }).ToList(),
            ODataService = new DcatDataService
            {
                EndpointUrl = urls.ODataService(o.Slug),
                MetadataUrl = urls.ODataMetadata(o.Slug),
                // The API section of the dataset's page: a document of its own, not the dataset's IRI (typing that
                // foaf:Document would make the dataset a document too).
                DocumentationUrl = urls.DatasetPage(o.Slug, d.Slug) + "#api",
                DescriptionUrl = urls.OpenApiDataset(o.Slug, d.Slug),
            },
        };
    }

    /// <summary>The dataset's own contact point when it says more than its organisation's (another address, a name, a postal address).</summary>
    private static DcatContact? OwnContact(Organisation o, Dataset d)
    {
        var address = d.ContactStreet is null && d.ContactPostalCode is null && d.ContactLocality is null
            ? null : new DcatAddress(d.ContactStreet, d.ContactPostalCode, d.ContactLocality);
        var email = d.ContactEmail ?? o.ContactEmail;
        if (email is null) return null;
        bool own = d.ContactEmail is not null && d.ContactEmail != o.ContactEmail || d.ContactName is not null || address is not null
                   || d.ContactPhone is not null && d.ContactPhone != o.ContactPhone;
        return own ? new DcatContact(d.ContactName ?? o.Name, email, d.ContactPhone ?? o.ContactPhone, address) : null;
    }

    /// <summary>The published datasets our feed carries: harvested records whose source does not republish
    /// them stay out (dataportal.se may harvest that catalogue itself); they are on the web either way.</summary>
    private IQueryable<Dataset> PublishedDatasets(string? organisationSlug) =>
        from d in db.Datasets.AsNoTracking().WherePublished()
        join o in db.Organisations.AsNoTracking() on d.OrganisationId equals o.Id
        where (organisationSlug == null || o.Slug == organisationSlug) && d.Republished
        select d;
}
