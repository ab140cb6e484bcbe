using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>The demo catalogue: two municipalities, ordinary and high-value datasets, all properties filled.</summary>
public static class DemoCatalogue
{
    public const string BaseUrl = "https://data.exempel.se";

    public static readonly DcatInstance Instance = new()
    {
        BaseUrl = BaseUrl,
        Title = new("SmartMiljö öppna data", "SmartMiljö open data"),
        Description = new("Öppna data från kommunerna i SmartMiljö.", "Open data from the SmartMiljö municipalities."),
        Publisher = new DcatAgent("Exempelregionen", "2321000016", AdmsPublisherType.RegionalAuthority, "https://www.exempelregionen.se/"),
        Issued = new DateTimeOffset(2025, 1, 15, 8, 0, 0, TimeSpan.Zero),
        Modified = new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero),
    };

    public static readonly DcatOrganisation Harryda = new()
    {
        Slug = "harryda",
        Name = "Härryda kommun",
        OrganisationNumber = "2120001488",
        MunicipalityCode = "1401",
        Homepage = "https://www.harryda.se/",
        ContactEmail = "oppnadata@harryda.se",
        ContactPhone = "031-724 61 00",
        SpatialIri = "http://sws.geonames.org/2708297",
    };

    public static readonly DcatOrganisation Mariestad = new()
    {
        Slug = "mariestad",
        Name = "Mariestads kommun",
        OrganisationNumber = "212000-1637",
        MunicipalityCode = "1493",
        Homepage = "https://mariestad.se/",
        ContactEmail = "kommunen@mariestad.se",
    };

    public static DcatDataset Badplatser(string org) => new()
    {
        Slug = "badplatser",
        Title = new("Badplatser", "Bathing sites"),
        Description = new("Kommunens badplatser med läge, utrustning och tillgänglighet.\nEnligt den nationella specifikationen.",
            "The municipality's bathing sites with location, facilities and accessibility."),
        Keywords = [new("badplatser"), new("friluftsliv"), new("bathing", "en")],
        Themes = ["ENVI", "HEAL"],
        SpecificationIri = "https://dataportal.se/specifications/badplatser/1.0",
        LicenseIri = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv",
        Issued = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero),
        Modified = new DateTimeOffset(2026, 6, 1, 10, 30, 0, TimeSpan.FromHours(2)),
        UpdateFrequency = DcatFrequency.FrequencyFromCron("0 4 * * *"),
        BoundingBox = new DcatBoundingBox(57.609, 12.0795, 57.6914, 12.5129),
        Temporal = new DcatTemporalCoverage(new DateOnly(2023, 1, 1), null),
        SustainableDevelopmentGoals = [3, 6, 11],
        Distributions =
        [
            new() { Format = "csv", DownloadUrl = $"{BaseUrl}/download/{org}/badplatser.csv", ByteSize = 18234, Sha256 = new string('a', 64), Modified = new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.Zero) },
            new() { Format = "geojson", DownloadUrl = $"{BaseUrl}/download/{org}/badplatser.geojson?v=3&format=geojson", ByteSize = 40211, Sha256 = new string('b', 64) },
        ],
        ODataService = new() { EndpointUrl = $"{BaseUrl}/odata/{org}/badplatser", MetadataUrl = $"{BaseUrl}/odata/{org}/badplatser/$metadata", DocumentationUrl = $"{BaseUrl}/docs/api" },
    };

    public static DcatDataset Luftkvalitet(string org) => new()
    {
        Slug = "luftkvalitet",
        Title = new("Luftkvalitet – mätstationer \"realtid\" & <historik>", "Air quality"),
        Description = new("Mätvärden för PM10, NO₂ och O₃ från kommunens mätstationer.", "Measurements of PM10, NO₂ and O₃."),
        Keywords = [new("luftkvalitet"), new("miljö")],
        Themes = ["ENVI"],
        LicenseIri = DcatLicenses.CcBy40,
        Issued = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
        Modified = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero),
        UpdateFrequency = DcatFrequency.FrequencyFromCron("*/15 * * * *"),
        BoundingBox = new DcatBoundingBox(58.6, 13.7, 58.8, 14.0),
        Temporal = new DcatTemporalCoverage(new DateOnly(2020, 1, 1), new DateOnly(2026, 12, 31)),
        IsHighValue = true,
        HvdCategories = ["c_dd313021"],
        Contact = new DcatContact("Miljöförvaltningen", "miljo@mariestad.se", "+46 501-75 50 00"),
        Distributions =
        [
            new() { Format = "csv", DownloadUrl = $"{BaseUrl}/download/{org}/luftkvalitet.csv", ByteSize = 1_234_567, Sha256 = "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef" },
            new() { Format = "parquet", DownloadUrl = $"{BaseUrl}/download/{org}/luftkvalitet.parquet", ByteSize = 345_678 },
        ],
        ODataService = new() { EndpointUrl = $"{BaseUrl}/odata/{org}/luftkvalitet", MetadataUrl = $"{BaseUrl}/odata/{org}/luftkvalitet/$metadata", DocumentationUrl = $"{BaseUrl}/docs/api" },
    };

    public static IReadOnlyList<DcatOrganisationCatalogue> Organisations() =>
    [
        new(Harryda, Async([Badplatser("harryda")])),
        new(Mariestad, Async([Badplatser("mariestad"), Luftkvalitet("mariestad")])),
        new(new DcatOrganisation { Slug = "tom", Name = "Tom kommun", OrganisationNumber = "2120000001" }, Async<DcatDataset>([])),
    ];

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
