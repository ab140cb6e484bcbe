using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// The wizard's preview of every source kind, read by the harvester's own adapters from real servers on 127.0.0.1:
/// map services' layer lists (WFS capabilities, ArcGIS service descriptions) with hostile answers refused in plain
/// words, a JSON API's first rows, a catalogue's records.
/// </summary>
public sealed class SourcePreviewTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly HarvestOptions _options;
    private LocalHttpServer _server = null!;

    public SourcePreviewTests() => _options = TestFetchers.Options(_dir.Combine("work"));

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();
    public void Dispose() => _dir.Dispose();

    private SourcePreview Preview()
    {
        var fetcher = TestFetchers.Create(_options);
        var options = Options.Create(_options);
        var json = new JsonApiSourceAdapter(fetcher, options);
        var wfs = new WfsSourceAdapter(fetcher, options);
        var arcgis = new ArcGisSourceAdapter(fetcher, options);
        var csv = new CsvSourceAdapter(fetcher);
        ISourceAdapter[] adapters = [json, wfs, arcgis, csv, new CkanCatalogueAdapter(fetcher, options)];
        IItemReader[] readers = [json, wfs, arcgis, csv];
        return new SourcePreview(adapters, readers, fetcher, options);
    }

    private static HarvestSource Source(SourceKind kind, string location, string? settings = null) => new()
    {
        Name = "förhandsvisning", Kind = kind, Location = location, SettingsJson = settings, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static MapLayer Layer(string name, string title, int count) => new(name, title,
        Enumerable.Range(1, count).Select(i => new MapFeature(new Dictionary<string, object?> { ["id"] = i, ["namn"] = $"{title} {i}" }, 13.0 + i / 100.0, 57.7)).ToList());

    [Fact]
    public async Task A_wfs_lists_its_feature_types_and_the_chosen_one_reads_as_the_harvest_reads_it()
    {
        _server.MapWfs("/geoserver/wfs", Layer("livsby:badplatser", "Badplatser", 23), Layer("livsby:lekplatser", "Lekplatser & parker", 2));
        var preview = Preview();
        // A pasted capabilities address keeps working: the request's own parameters are replaced.
        var layers = await preview.WfsLayersAsync(_server.Url("/geoserver/wfs?service=WFS&request=GetCapabilities").ToString(), default);
        Assert.Equal([new ServiceLayer("livsby:badplatser", "Badplatser"), new ServiceLayer("livsby:lekplatser", "Lekplatser & parker")], layers);

        var source = Source(SourceKind.Wfs, _server.Url("/geoserver/wfs").ToString(), """{"typeName":"livsby:badplatser","pageSize":10}""");
        var path = _dir.Combine("wfs.ndjson");
        await preview.FetchAsync(source, path, default);
        await using var table = await preview.OpenAsync(source, path, default);
        Assert.Equal(["id", "namn", "latitude", "longitude"], table.Header);
        var rows = 0;
        while (await table.ReadAsync() is { } row)
        {
            rows++;
            if (rows == 1) Assert.Equal(["1", "Badplatser 1", "57.7", "13.01"], row.Cells);
        }
        Assert.Equal(23, rows);
        Assert.Contains(_server.Requests, r => r.Contains("STARTINDEX=20"));
    }

    [Fact]
    public async Task Hostile_or_wrong_capabilities_are_refused_in_plain_words_without_reading_entities()
    {
        var preview = Preview();
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:FeatureTypeList><wfs:FeatureType><wfs:Name>&lol3;</wfs:Name></wfs:FeatureType></wfs:FeatureTypeList></wfs:WFS_Capabilities>
            """;
        _server.MapFile("/laughs", Encoding.UTF8.GetBytes(laughs), "application/xml");
        var ex = await Assert.ThrowsAsync<LayerListException>(() => preview.WfsLayersAsync(_server.Url("/laughs").ToString(), default));
        Assert.Contains("could not be read", ex.Message);
        Assert.Contains("kunde inte läsas", ex.Swedish);

        _server.MapFile("/error", Encoding.UTF8.GetBytes("""
            <ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue"><ows:ExceptionText>Unknown service</ows:ExceptionText></ows:Exception></ows:ExceptionReport>
            """), "application/xml");
        ex = await Assert.ThrowsAsync<LayerListException>(() => preview.WfsLayersAsync(_server.Url("/error").ToString(), default));
        Assert.Contains("Unknown service", ex.Message);

        _server.MapFile("/feed", Encoding.UTF8.GetBytes("<rss><channel/></rss>"), "application/xml");
        ex = await Assert.ThrowsAsync<LayerListException>(() => preview.WfsLayersAsync(_server.Url("/feed").ToString(), default));
        Assert.Contains("not answer with WFS capabilities", ex.Message);

        _server.MapFile("/login", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Logga in</body></html>"), "text/html");
        var page = await Assert.ThrowsAsync<FetchException>(() => preview.WfsLayersAsync(_server.Url("/login").ToString(), default));
        Assert.Contains("web page", page.Message);

        // An address the network guard refuses is refused before anything is asked.
        var refusing = TestFetchers.Options(_dir.Combine("w2"));
        refusing.AllowLoopback = false;
        var guarded = new SourcePreview([], [], TestFetchers.Create(refusing), Options.Create(refusing));
        await Assert.ThrowsAsync<FetchException>(() => guarded.WfsLayersAsync(_server.Url("/geoserver/wfs").ToString(), default));
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/geoserver/wfs"));
    }

    [Fact]
    public async Task An_arcgis_service_lists_its_feature_layers_but_not_its_group_layers()
    {
        _server.MapArcGis("/arcgis/rest/services/Livsby/FeatureServer", Layer("badplatser", "Badplatser", 7), Layer("lekplatser", "Lekplatser", 3));
        var preview = Preview();
        var service = _server.Url("/arcgis/rest/services/Livsby/FeatureServer").ToString();
        var layers = await preview.ArcGisLayersAsync(service, default);
        Assert.Equal([new ServiceLayer(service + "/0", "Badplatser"), new ServiceLayer(service + "/1", "Lekplatser")], layers);

        var source = Source(SourceKind.ArcGis, layers[1].Id);
        var path = _dir.Combine("arcgis.ndjson");
        await preview.FetchAsync(source, path, default);
        await using var table = await preview.OpenAsync(source, path, default);
        var first = await table.ReadAsync();
        Assert.Equal("Lekplatser 1", first!.Value.Cells[table.Header.ToList().IndexOf("namn")]);

        _server.Map("/arcgis/broken", async c => await c.Response.WriteAsJsonAsync(new { error = new { code = 499, message = "Token Required" } }));
        var ex = await Assert.ThrowsAsync<LayerListException>(() => preview.ArcGisLayersAsync(_server.Url("/arcgis/broken").ToString(), default));
        Assert.Contains("Token Required", ex.Message);
    }

    [Fact]
    public async Task A_json_api_previews_its_records_through_every_page()
    {
        _server.Map("/api/lekplatser", async context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0");
            var items = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(2, 5 - offset))).Select(i => new { id = i, namn = $"Lekplats {i}" });
            await context.Response.WriteAsJsonAsync(new { data = new { items } });
        });
        var preview = Preview();
        var source = Source(SourceKind.JsonApi, _server.Url("/api/lekplatser").ToString(), """{"recordsPointer":"/data/items","paging":"Offset","pageSize":2}""");
        var path = _dir.Combine("api.ndjson");
        await preview.FetchAsync(source, path, default);
        await using var table = await preview.OpenAsync(source, path, default);
        Assert.Equal(["id", "namn"], table.Header);
        var names = new List<string?>();
        while (await table.ReadAsync() is { } row) names.Add(row.Cells[1]);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Lekplats {i}"), names);
    }

    [Fact]
    public async Task A_ckan_portal_previews_the_records_it_would_import()
    {
        _server.Map("/ckan/api/3/action/package_search", async context => await context.Response.WriteAsJsonAsync(new
        {
            success = true,
            result = new
            {
                count = 2,
                results = new object[]
                {
                    new { id = "p-1", title = "Luftkvalitet", resources = new[] { new { url = _server.Url("/data/luft.csv").ToString(), format = "CSV" } } },
                    new { id = "p-2", title = "Protokoll", resources = new[] { new { url = "https://kommun.example/protokoll.pdf", format = "PDF" } } },
                },
            },
        }));
        var records = await Preview().RecordsAsync(Source(SourceKind.Ckan, _server.Url("/ckan").ToString()), default);
        Assert.Equal(["Luftkvalitet", "Protokoll"], records.Select(r => r.Record!.Title));
        Assert.True(records[0].HasData);
        Assert.False(records[1].HasData);
        Assert.Contains(records[1].Record!.Notes, n => n.Contains("protokoll.pdf"));
    }
}
