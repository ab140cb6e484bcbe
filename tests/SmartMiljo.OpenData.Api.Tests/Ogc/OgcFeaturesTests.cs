using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SmartMiljo.OpenData.Api.Tests.OData;

namespace SmartMiljo.OpenData.Api.Tests.Ogc;

/// <summary>
/// OGC API Features at /ogc over the test row tables, on SQLite and PostgreSQL: landing page, conformance,
/// collections with extents, items with bbox, limit and next links, property filters and queryables, single
/// features, HTML; and GDAL's OAPIF driver as the independent client.
/// </summary>
public abstract class OgcFeaturesTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private const string Badplatser = "ogc/collections/exempelkommun_badplatser";
    private const string Platser = "ogc/collections/exempelkommun_intressanta_platser";

    [Fact]
    public async Task Landing_page_conformance_and_collections_describe_every_dataset_with_positions()
    {
        var landing = await GetJsonAsync("ogc");
        var rels = landing.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).ToList();
        Assert.Contains("conformance", rels);
        Assert.Contains("data", rels);
        Assert.Contains("service-doc", rels);
        Assert.All(landing.GetProperty("links").EnumerateArray(), l => Assert.StartsWith(Fixture.BaseAddress + "ogc", l.GetProperty("href").GetString()));

        var conformance = await GetJsonAsync("ogc/conformance");
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters", classes);

        var collections = (await GetJsonAsync("ogc/collections")).GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(["exempelkommun_badplatser", "exempelkommun_intressanta_platser", "grannkommun_badplatser"],
            collections.Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var bad = collections.Single(c => c.GetProperty("id").GetString() == "exempelkommun_badplatser");
        Assert.Equal("Badplatser", bad.GetProperty("title").GetString());
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", bad.GetProperty("crs")[0].GetString());
        // The extent of the rows with a position (B3 has none): longitudes 11.97–13.99, latitudes 56.38–58.70.
        var extent = bad.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal([11.97, 56.38, 13.99, 58.70], extent);
        Assert.Contains(bad.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "items"
            && l.GetProperty("type").GetString() == "application/geo+json");

        await GetJsonAsync("ogc/collections/finns_inte", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Items_in_a_bbox_are_geojson_points_in_crs84_with_counts()
    {
        using var response = await Client.GetAsync(Badplatser + "/items?bbox=12.2,57.6,12.4,57.8");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", page.GetProperty("type").GetString());
        Assert.Equal(2, page.GetProperty("numberMatched").GetInt64());
        Assert.Equal(2, page.GetProperty("numberReturned").GetInt32());
        var features = page.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["B1", "B4"], features.Select(f => f.GetProperty("id").GetString()));
        var b1 = features[0];
        Assert.Equal("Point", b1.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal([12.29, 57.69], b1.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(v => v.GetDouble()));
        // Properties carry the OData names and types.
        Assert.Equal("Ålsjön", b1.GetProperty("properties").GetProperty("namn").GetString());
        Assert.Equal(18.5, b1.GetProperty("properties").GetProperty("temperatur").GetDouble());
        Assert.Equal("2024-06-01", b1.GetProperty("properties").GetProperty("datum").GetString());

        // Without a bbox every row comes, the one without a position with a null geometry.
        var all = await GetJsonAsync(Badplatser + "/items");
        Assert.Equal(6, all.GetProperty("numberMatched").GetInt64());
        var b3 = all.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "B3");
        Assert.Equal(JsonValueKind.Null, b3.GetProperty("geometry").ValueKind);

        // A geopoint column is a geometry too.
        var points = await GetJsonAsync(Platser + "/items?bbox=12.0,55.0,12.05,55.05&limit=5");
        foreach (var f in points.GetProperty("features").EnumerateArray())
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), 12.0, 12.05);
            Assert.InRange(c[1].GetDouble(), 55.0, 55.05);
        }

        foreach (var bad in new[] { "bbox=1,2,3", "bbox=13,57,12,58", "bbox=a,b,c,d", "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3006&bbox=1,2,3,4" })
            Assert.Equal("InvalidParameterValue", (await GetJsonAsync(Badplatser + "/items?" + bad, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Next_links_walk_every_feature_once_and_limit_is_bounded()
    {
        var ids = new List<long>();
        string? next = Platser + "/items?limit=1000";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            Assert.Equal(TestDatasets.PlatserCount, page.GetProperty("numberMatched").GetInt64());
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
            next = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(TestDatasets.PlatserCount, ids.Distinct().Count());
        Assert.Equal(ids.Order().ToList(), ids);

        // Paging with a filter keeps the filter; the default page is 10; a too large limit gets the largest page.
        var filtered = await GetJsonAsync(Platser + "/items?kategori=a&limit=300");
        Assert.Equal(TestDatasets.PlatserCount / 3, filtered.GetProperty("numberMatched").GetInt64());
        var nextHref = filtered.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        Assert.Contains("kategori=a", nextHref);
        Assert.All((await GetJsonAsync(nextHref)).GetProperty("features").EnumerateArray(),
            f => Assert.Equal("a", f.GetProperty("properties").GetProperty("kategori").GetString()));
        Assert.Equal(10, (await GetJsonAsync(Platser + "/items")).GetProperty("numberReturned").GetInt32());
        Assert.Equal(TestDatasets.PlatserCount, (await GetJsonAsync(Platser + "/items?limit=99999999")).GetProperty("numberReturned").GetInt32());
        await GetJsonAsync(Platser + "/items?limit=0", HttpStatusCode.BadRequest);
        await GetJsonAsync(Platser + "/items?cursor=garbage", HttpStatusCode.BadRequest);
        await GetJsonAsync(Platser + "/items?cursor=v99-10", HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Properties_filter_by_equality_and_queryables_list_them()
    {
        var härryda = await GetJsonAsync(Badplatser + "/items?kommun=" + Escape("Härryda"));
        Assert.Equal(["B1", "B4", "B5"], härryda.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        var both = await GetJsonAsync(Badplatser + "/items?kommun=" + Escape("Härryda") + "&bbox=12.2,57.6,12.4,57.8&oppen=true");
        Assert.Equal(["B1", "B4"], both.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        var typed = await GetJsonAsync(Badplatser + "/items?djup=" + TestDatasets.BigNumber + "&datum=2024-07-15&byggar=2001");
        Assert.Equal(["B2"], typed.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));

        var message = (await GetJsonAsync(Badplatser + "/items?djup=djupt", HttpStatusCode.BadRequest)).GetProperty("description").GetString()!;
        Assert.Contains("djup", message);
        // A misspelt filter is refused, never silently ignored.
        Assert.Contains("kommun", (await GetJsonAsync(Badplatser + "/items?komun=Osby", HttpStatusCode.BadRequest)).GetProperty("description").GetString());

        using var response = await Client.GetAsync(Badplatser + "/queryables");
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType!.MediaType);
        var schema = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var properties = schema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("kommun").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("djup").GetProperty("type").GetString());
        Assert.Equal("date", properties.GetProperty("datum").GetProperty("format").GetString());
        Assert.Equal("Badplatsens namn", properties.GetProperty("namn").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_single_feature_by_its_id_and_the_html_pages()
    {
        var b2 = await GetJsonAsync(Badplatser + "/items/B2");
        Assert.Equal("B2", b2.GetProperty("id").GetString());
        Assert.Equal("Östersjöbadet", b2.GetProperty("properties").GetProperty("namn").GetString());
        Assert.Contains(b2.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "collection");
        await GetJsonAsync(Badplatser + "/items/B99", HttpStatusCode.NotFound);
        // Without a primary key the row number is the id.
        Assert.Equal(7, (await GetJsonAsync(Platser + "/items/7")).GetProperty("id").GetInt64());
        await GetJsonAsync(Platser + "/items/sju", HttpStatusCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Get, Badplatser + "/items?kommun=Osby");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        using var html = await Client.SendAsync(request);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains("Ängsbadet", text);
        Assert.Contains("Badet 100%_x", text);
        Assert.DoesNotContain("Ålsjön", text);
        Assert.Contains("POINT (13.99 56.38)", text);
        var o = await Client.GetStringAsync(Badplatser + "/items/B5?f=html");
        Assert.Contains("O&#x27;Brien&#x27;s strand", o);
        await GetJsonAsync("ogc?f=xml", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Gdal_lists_the_collections_and_reads_features_in_a_bbox()
    {
        var service = $"OAPIF:{Fixture.BaseAddress}ogc";
        var layers = await OgrInfoAsync("-ro", "-q", service);
        Assert.Contains("exempelkommun_badplatser", layers);
        Assert.Contains("exempelkommun_intressanta_platser", layers);

        var features = await OgrInfoAsync("-ro", service, "exempelkommun_badplatser", "-spat", "12.2", "57.6", "12.4", "57.8");
        Assert.Contains("Feature Count: 2", features.Replace("\r", ""));
        Assert.Contains("Ålsjön", features);
        Assert.Contains("Sandviken", features);
        Assert.DoesNotContain("Östersjöbadet", features);
        Assert.Contains("POINT (12.29 57.69)", features);
    }

    private static async Task<string> OgrInfoAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GDAL_HTTP_TIMEOUT"] = "30";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ogrinfo {string.Join(' ', arguments)} failed: {await error}{await output}");
        return await output;
    }
}

public sealed class SqliteOgcFeaturesTests(SqliteServiceFixture fixture) : OgcFeaturesTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresOgcFeaturesTests(PostgresServiceFixture fixture) : OgcFeaturesTests(fixture), IClassFixture<PostgresServiceFixture>;
