namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>A text in Swedish with an optional English translation; written with language tags sv / en.</summary>
public sealed record LocalizedText(string Sv, string? En = null);

/// <summary>ADMS publisher types (http://purl.org/adms/publishertype/…).</summary>
public enum AdmsPublisherType
{
    LocalAuthority, RegionalAuthority, NationalAuthority, SupraNationalAuthority, Company,
    NonProfitOrganisation, NonGovernmentalOrganisation, Academia, IndustryConsortium, StandardisationBody, PrivateIndividual,
}

/// <summary>EU access-right table: PUBLIC, RESTRICTED, NON_PUBLIC.</summary>
public enum DcatAccessRights { Public, Restricted, NonPublic }

/// <summary>The publishing organisation of the whole instance catalogue (the platform operator).</summary>
public sealed record DcatAgent(
    string Name,
    string OrganisationNumber,
    AdmsPublisherType Type = AdmsPublisherType.LocalAuthority,
    string? Homepage = null);

/// <summary>The instance: one top-level catalogue at <c>{BaseUrl}/datasets/dcat</c>.</summary>
public sealed record DcatInstance
{
    /// <summary>Absolute http(s) base URL without trailing slash, e.g. <c>https://data.exempel.se</c>.</summary>
    public required string BaseUrl { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Description { get; init; }
    public required DcatAgent Publisher { get; init; }
    /// <summary>Defaults to the base URL.</summary>
    public string? Homepage { get; init; }
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }
    /// <summary>Place IRI covered by the whole catalogue; default Sweden (EU country table).</summary>
    public string? SpatialIri { get; init; }
}

/// <summary>A publishing organisation; it gets its own sub-catalogue <c>{BaseUrl}/datasets/dcat/{Slug}</c>.</summary>
public sealed record DcatOrganisation
{
    /// <summary>URL segment: lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; init; }
    public required string Name { get; init; }
    /// <summary>Ten digits, no hyphen; the publisher IRI is http://dataportal.se/organisation/SE{number}.</summary>
    public required string OrganisationNumber { get; init; }
    /// <summary>SCB kommunkod, four digits (optional).</summary>
    public string? MunicipalityCode { get; init; }
    public AdmsPublisherType PublisherType { get; init; } = AdmsPublisherType.LocalAuthority;
    public string? Homepage { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>
    /// The organisation's place as an IRI (GeoNames <c>http://sws.geonames.org/…</c>, an EU place or ATU IRI, …).
    /// Without it datasets fall back to the instance's spatial (Sweden).
    /// </summary>
    public string? SpatialIri { get; init; }
    public LocalizedText? CatalogueTitle { get; init; }
    public LocalizedText? CatalogueDescription { get; init; }
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }
}

/// <summary>An organisation and its datasets, streamed.</summary>
public sealed record DcatOrganisationCatalogue(DcatOrganisation Organisation, IAsyncEnumerable<DcatDataset> Datasets);

public sealed record DcatKeyword(string Text, string Language = "sv");

/// <summary>A dataset's title and description under a language tag such as <c>de</c> or <c>en-t-sv-t0-mtec</c>.</summary>
public sealed record DcatLanguageText(string Language, string? Title, string? Description);

/// <summary>A WGS 84 bounding box (degrees).</summary>
public sealed record DcatBoundingBox(double MinLatitude, double MinLongitude, double MaxLatitude, double MaxLongitude);

/// <summary>Temporal coverage; at least one end should be given.</summary>
public sealed record DcatTemporalCoverage(DateOnly? Start, DateOnly? End);

/// <summary>A dataset's own contact point when it differs from its organisation's.</summary>
public sealed record DcatContact(string Name, string? Email, string? Phone = null, DcatAddress? Address = null);

/// <summary>A contact's postal address (vcard:hasAddress).</summary>
public sealed record DcatAddress(string? Street, string? PostalCode, string? Locality);

/// <summary>A publisher named by its own IRI (a harvested record's original publisher).</summary>
public sealed record DcatPublisherReference(string Name, string Iri, AdmsPublisherType Type);

public sealed record DcatDataset
{
    /// <summary>URL segment within the organisation; the IRI is <c>{BaseUrl}/datasets/{org}/{Slug}</c>.</summary>
    public required string Slug { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Description { get; init; }
    public IReadOnlyList<DcatKeyword> Keywords { get; init; } = [];
    /// <summary>Title and description in languages beyond Swedish and English (machine translations included), each
    /// under its own tag; keywords in those languages are in <see cref="Keywords"/> with their tag.</summary>
    public IReadOnlyList<DcatLanguageText> OtherLanguages { get; init; } = [];
    /// <summary>EU data-theme codes, e.g. <c>ENVI</c>, <c>EDUC</c>.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>IRI of the specification the data follows (dct:conformsTo, a dct:Standard).</summary>
    public string? SpecificationIri { get; init; }
    public string LicenseIri { get; init; } = DcatLicenses.Cc0;
    public DcatAccessRights AccessRights { get; init; } = DcatAccessRights.Public;
    /// <summary>Overrides the organisation's contact.</summary>
    public DcatContact? Contact { get; init; }
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }
    /// <summary>EU frequency code, e.g. <c>DAILY</c> (see <see cref="DcatFrequency.FrequencyFromCron"/>).</summary>
    public string? UpdateFrequency { get; init; }
    public DcatBoundingBox? BoundingBox { get; init; }
    public DcatTemporalCoverage? Temporal { get; init; }
    /// <summary>A landing page for people (defaults to the dataset IRI, which the platform serves as HTML).</summary>
    public string? LandingPage { get; init; }
    public bool IsHighValue { get; init; }
    /// <summary>HVD categories as <c>http://data.europa.eu/bna/c_…</c> IRIs or bare codes <c>c_…</c>.</summary>
    public IReadOnlyList<string> HvdCategories { get; init; } = [];
    /// <summary>Agenda 2030 goal numbers 1–17, emitted as dct:subject http://metadata.un.org/sdg/{n}.</summary>
    public IReadOnlyList<int> SustainableDevelopmentGoals { get; init; } = [];
    public IReadOnlyList<DcatDistribution> Distributions { get; init; } = [];
    public DcatDataService? ODataService { get; init; }
    /// <summary>Place IRIs (dct:spatial); the organisation's place when empty.</summary>
    public IReadOnlyList<string> Spatial { get; init; } = [];
    /// <summary>Further specifications or standards the data follows (dct:conformsTo besides <see cref="SpecificationIri"/>).</summary>
    public IReadOnlyList<string> ConformsTo { get; init; } = [];
    /// <summary>Documentation pages (foaf:page).</summary>
    public IReadOnlyList<string> Documentation { get; init; } = [];
    /// <summary>dct:identifier as the source gave it.</summary>
    public string? Identifier { get; init; }
    /// <summary>The dataset's IRI at its source; when given it is the dataset's IRI here too, so the record keeps one identity.</summary>
    public string? OriginalIri { get; init; }
    /// <summary>The publisher at the source; the organisation when null.</summary>
    public DcatPublisherReference? Publisher { get; init; }
    /// <summary>The dataset series this dataset belongs to (dcat:inSeries).</summary>
    public string? SeriesIri { get; init; }
    /// <summary>A harvested record's distributions as its source gives them (a record published without data of ours).</summary>
    public IReadOnlyList<DcatSourceDistribution> SourceDistributions { get; init; } = [];
}

/// <summary>A harvested record's distribution, published where its source points: its own IRI when it has one,
/// its access and download URLs, its format and media type (IRIs, or a media type word such as <c>text/csv</c>).</summary>
public sealed record DcatSourceDistribution
{
    public string? Iri { get; init; }
    public required string AccessUrl { get; init; }
    public string? DownloadUrl { get; init; }
    public string? Format { get; init; }
    public string? MediaType { get; init; }
    public LocalizedText? Title { get; init; }
    public string? License { get; init; }
}

/// <summary>A bulk download; its IRI is <c>{datasetIri}#distribution-{Format}</c>.</summary>
public sealed record DcatDistribution
{
    /// <summary>File format extension: csv, geojson, json, xlsx, parquet, zip, xml, …</summary>
    public required string Format { get; init; }
    public required string DownloadUrl { get; init; }
    /// <summary>IANA media type; derived from <see cref="Format"/> when null.</summary>
    public string? MediaType { get; init; }
    public long? ByteSize { get; init; }
    /// <summary>SHA-256 of the file, 64 hex digits.</summary>
    public string? Sha256 { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public LocalizedText? Title { get; init; }
}

/// <summary>The OData endpoint of a dataset, published as a dcat:DataService and an access distribution.</summary>
public sealed record DcatDataService
{
    public required string EndpointUrl { get; init; }
    /// <summary>The <c>$metadata</c> URL.</summary>
    public required string MetadataUrl { get; init; }
    /// <summary>Quality-of-service / documentation page (required for HVD data services).</summary>
    public string? DocumentationUrl { get; init; }
    /// <summary>The OpenAPI description of the dataset's API (dcat:endpointDescription); the <c>$metadata</c> URL when absent.</summary>
    public string? DescriptionUrl { get; init; }
}

/// <summary>
/// Hydra paging of a catalogue by key, not by offset: a page is named by the last dataset before it
/// (<see cref="After"/>), so a dataset added or withdrawn while a harvester walks the pages never shifts
/// another one onto a second page or past it. The caller passes only the page's datasets.
/// </summary>
/// <param name="Size">Datasets per page.</param>
/// <param name="TotalDatasets">Datasets in the whole catalogue when the page was written (hydra:totalItems).</param>
public sealed record DcatPage(int Size, long TotalDatasets)
{
    /// <summary>The key of the dataset this page starts after (see <see cref="DcatIris.PageIri"/>); empty for the first page.</summary>
    public string After { get; init; } = "";

    /// <summary>The key the next page starts after (the last dataset of this one); null on the last page.</summary>
    public string? Next { get; init; }

    /// <summary>The extension the catalogue was asked with (<c>ttl</c>, <c>jsonld</c>, …), kept in the page links so a
    /// harvester following <c>hydra:next</c> gets the next page in the same syntax; null when negotiated by Accept.</summary>
    public string? Extension { get; init; }
}

public static class DcatLicenses
{
    public const string Cc0 = "http://creativecommons.org/publicdomain/zero/1.0/";
    public const string CcBy40 = "http://creativecommons.org/licenses/by/4.0/";
}
