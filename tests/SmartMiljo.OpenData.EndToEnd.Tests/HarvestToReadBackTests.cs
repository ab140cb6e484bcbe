using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// The whole path on the real server: a municipality's CSV on a local web server is registered, harvested,
/// validated, stored, and read back through OData, the downloads and the DCAT catalogue.
/// </summary>
public class HarvestToReadBackTests : IAsyncLifetime
{
    private readonly PlatformFactory _platform;

    public HarvestToReadBackTests() : this(PlatformStore.Sqlite) { }

    /// <summary>For the same tests on another store (see <c>PostgresEndToEndTests.cs</c>, <c>S3DownloadsEndToEndTests.cs</c>).</summary>
    protected HarvestToReadBackTests(PlatformStore store, PlatformDownloads downloads = PlatformDownloads.FileSystem) =>
        _platform = new PlatformFactory(store: store, downloads: downloads);

    protected PlatformFactory Platform => _platform;
    private LocalHttpServer _municipality = null!;
    private byte[] _csv = null!;

    public async Task InitializeAsync()
    {
        _municipality = await LocalHttpServer.StartAsync();
        _csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _municipality.MapFile("/oppnadata/badplatser.csv", _csv, "text/csv; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _municipality.DisposeAsync();
        await _platform.DisposeAsync();
    }

    /// <summary>A place IRI given for the organisation; DCAT must carry it as the datasets' spatial coverage.</summary>
    private const string PlaceIri = "https://sws.geonames.org/2690170/";

    protected async Task<Guid> RegisterAsync(HttpClient admin, string org = "mariestad", string orgNumber = "2120001637")
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = org, name = "Mariestads kommun", organisationNumber = orgNumber, municipalityCode = "1493",
            contactEmail = "info@mariestad.se", spatialIri = PlaceIri,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await admin.PostAsJsonAsync($"/api/admin/organisations/{org}/sources", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = _municipality.Url("/oppnadata/badplatser.csv").ToString(), schedule = "0 4 * * *",
            keywords = new[] { "bad" }, themes = new[] { "ENVI" },
        });
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        return (await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected static async Task<JsonElement> HarvestAsync(HttpClient admin, Guid sourceId)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var trigger = await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        return await PlatformFactory.WaitForNewRunAsync(admin, sourceId, known);
    }

    [Fact]
    public async Task A_harvested_csv_is_served_through_odata_downloads_and_dcat()
    {
        var admin = _platform.CreateAdminClient();
        var sourceId = await RegisterAsync(admin);
        var run = await HarvestAsync(admin, sourceId);

        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        Assert.Equal(12, run.GetProperty("rowsRead").GetInt64());
        Assert.Equal(12, run.GetProperty("rowsAccepted").GetInt64());
        var stages = run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["Gather", "Fetch", "Validate", "Stage", "Publish", "Downloads"], stages);

        var client = _platform.CreateClient();

        // OData: typed filter, select, order, count.
        var page = await client.GetFromJsonAsync<JsonElement>(
            "/odata/mariestad/badplatser?$filter=latitude gt 58.7 and contains(name,'bad')&$select=place_id,name,latitude&$orderby=latitude desc&$count=true");
        var rows = page.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.GetProperty("latitude").GetDouble() > 58.7));
        Assert.All(rows, r => Assert.Contains("bad", r.GetProperty("name").GetString()));
        Assert.Equal(rows.Select(r => r.GetProperty("latitude").GetDouble()).OrderByDescending(x => x), rows.Select(r => r.GetProperty("latitude").GetDouble()));
        Assert.Equal(rows.Count, page.GetProperty("@odata.count").GetInt32());
        Assert.Equal(3, rows[0].EnumerateObject().Count(p => !p.Name.StartsWith('@')));

        // Server paging: following nextLinks yields every row exactly once.
        var seen = new List<string>();
        const int pageSize = 5;
        var firstRequest = new HttpRequestMessage(HttpMethod.Get, "/odata/mariestad/badplatser?$orderby=place_id&$select=place_id");
        firstRequest.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
        var response = await client.SendAsync(firstRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        while (true)
        {
            seen.AddRange(body.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("place_id").GetString()!));
            if (!body.TryGetProperty("@odata.nextLink", out var link)) break;
            var nextRequest = new HttpRequestMessage(HttpMethod.Get, link.GetString());
            nextRequest.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
            body = await (await client.SendAsync(nextRequest)).Content.ReadFromJsonAsync<JsonElement>();
        }
        Assert.Equal(12, seen.Count);
        Assert.Equal(seen.OrderBy(x => x, StringComparer.Ordinal), seen);

        // $metadata is CSDL XML that Microsoft's own reader accepts.
        var metadata = await client.GetStringAsync("/odata/mariestad/$metadata");
        using (var reader = XmlReader.Create(new StringReader(metadata)))
        {
            Assert.True(CsdlReader.TryParse(reader, out IEdmModel model, out var errors), string.Join("; ", errors ?? []));
            Assert.NotNull(model.EntityContainer.FindEntitySet("badplatser"));
        }

        // A malformed query is a 400 with an OData error body, not a 500.
        var bad = await client.GetAsync("/odata/mariestad/badplatser?$filter=nosuchcolumn eq 1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));

        // Downloads: the CSV holds the same places; the GeoJSON has one point per row.
        var csv = await client.GetStringAsync("/download/mariestad/badplatser.csv");
        Assert.Contains("Sjöuddens strandbad", csv);
        Assert.Equal(13, csv.TrimEnd().Split('\n').Length);
        var geojson = await client.GetFromJsonAsync<JsonElement>("/download/mariestad/badplatser.geojson");
        Assert.Equal(12, geojson.GetProperty("features").GetArrayLength());
        var firstPoint = geojson.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.InRange(firstPoint[0].GetDouble(), 10.9, 24.2); // longitude first (RFC 7946)
        Assert.InRange(firstPoint[1].GetDouble(), 55.3, 69.1);

        // DCAT: the catalogue names the dataset, its downloads and the OData service; the dataset IRI resolves.
        var dcatResponse = await client.GetAsync("/datasets/dcat");
        Assert.Equal(HttpStatusCode.OK, dcatResponse.StatusCode);
        Assert.Equal("application/rdf+xml", dcatResponse.Content.Headers.ContentType?.MediaType);
        var rdf = XDocument.Parse(await dcatResponse.Content.ReadAsStringAsync());
        XNamespace rdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", dcat = "http://www.w3.org/ns/dcat#";
        var datasetIri = "http://data.example.test/datasets/mariestad/badplatser";
        Assert.Contains(rdf.Descendants(dcat + "Dataset"), d => (string?)d.Attribute(rdfNs + "about") == datasetIri);
        XNamespace dct = "http://purl.org/dc/terms/";
        var dataset = rdf.Descendants(dcat + "Dataset").Single(d => (string?)d.Attribute(rdfNs + "about") == datasetIri);
        Assert.Contains(dataset.Elements(dct + "spatial"), e => (string?)e.Attribute(rdfNs + "resource") == PlaceIri);
        var downloadUrls = rdf.Descendants(dcat + "downloadURL").Select(e => (string?)e.Attribute(rdfNs + "resource")).ToList();
        Assert.Contains("http://data.example.test/download/mariestad/badplatser.csv", downloadUrls);
        Assert.Contains("http://data.example.test/download/mariestad/badplatser.geojson", downloadUrls);
        Assert.Contains(rdf.Descendants(dcat + "endpointURL"), e => ((string?)e.Attribute(rdfNs + "resource"))!.Contains("/odata/mariestad"));
        var page200 = await client.GetAsync(new Uri(datasetIri).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page200.StatusCode);
    }

    [Fact]
    public async Task A_download_can_be_limited_to_an_area_with_bbox()
    {
        var admin = _platform.CreateAdminClient();
        var run = await HarvestAsync(admin, await RegisterAsync(admin));
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        var client = _platform.CreateClient();

        // The sites inside the box, worked out from the source file itself; the box's corners are on two of them.
        var (minLon, minLat, maxLon, maxLat) = (13.7555, 58.6801, 13.8410, 58.7184);
        var expected = System.Text.Encoding.UTF8.GetString(_csv).Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Where(c => double.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture) is var lat && lat >= minLat && lat <= maxLat
                        && double.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture) is var lon && lon >= minLon && lon <= maxLon)
            .Select(c => c[0]).ToList();
        Assert.InRange(expected.Count, 3, 10); // a real subset, edges included

        var bbox = FormattableString.Invariant($"bbox={minLon},{minLat},{maxLon},{maxLat}");
        var geojson = await client.GetFromJsonAsync<JsonElement>($"/download/mariestad/badplatser.geojson?{bbox}");
        Assert.Equal(expected, geojson.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("place_id").GetString()));
        var csv = await client.GetAsync($"/download/mariestad/badplatser.csv?{bbox}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("no-store", csv.Headers.CacheControl?.ToString());
        Assert.Equal(expected.Count + 1, (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        foreach (var bad in new[] { "bbox=13.8,58.7", "bbox=a,b,c,d", "bbox=13.9,58.6,13.7,58.8", "bbox=13.7,58.8,13.9,58.6", "bbox=13.7,58.6,13.9,95" })
        {
            var refused = await client.GetAsync($"/download/mariestad/badplatser.geojson?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("bbox", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_broken_source_leaves_the_last_good_version_served_byte_for_byte()
    {
        var admin = _platform.CreateAdminClient();
        var sourceId = await RegisterAsync(admin, "exempel", "2120009994");
        Assert.Equal("Succeeded", (await HarvestAsync(admin, sourceId)).GetProperty("status").GetString());
        var client = _platform.CreateClient();
        var before = await client.GetByteArrayAsync("/download/exempel/badplatser.csv");
        var odataBefore = await client.GetStringAsync("/odata/exempel/badplatser?$orderby=place_id");

        // The server now fails outright...
        _municipality.MapStatus("/oppnadata/badplatser.csv", 503);
        var failed = await HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("503", failed.GetProperty("error").GetString());

        // ...then serves a file whose every row breaks the specification.
        var broken = Encoding.UTF8.GetBytes("place_id,name,latitude,longitude\r\nx,Trasig,inte-ett-tal,ännu-mindre\r\n");
        _municipality.MapFile("/oppnadata/badplatser.csv", broken, "text/csv");
        var rejected = await HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", rejected.GetProperty("status").GetString());
        Assert.Equal(1, rejected.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(JsonValueKind.Object, rejected.GetProperty("report").ValueKind);

        Assert.Equal(before, await client.GetByteArrayAsync("/download/exempel/badplatser.csv"));
        Assert.Equal(odataBefore, await client.GetStringAsync("/odata/exempel/badplatser?$orderby=place_id"));
    }

    [Fact]
    public async Task An_unchanged_source_costs_one_request_and_makes_no_new_version()
    {
        var admin = _platform.CreateAdminClient();
        var sourceId = await RegisterAsync(admin, "unchanged", "2120001520");
        Assert.Equal("Succeeded", (await HarvestAsync(admin, sourceId)).GetProperty("status").GetString());
        var second = await HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", second.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("datasetVersionId").ValueKind);
        var client = _platform.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/download/unchanged/badplatser/v1.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/download/unchanged/badplatser/v2.csv")).StatusCode);
    }
}
