using System.Globalization;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Specifications.Reading.Xlsx;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>Each adapter against a real HTTP server on 127.0.0.1 (or a real folder), gather → fetch → read.</summary>
public sealed class AdapterTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly HarvestOptions _options;
    private LocalHttpServer _server = null!;

    public AdapterTests() => _options = TestFetchers.Options(_dir.Combine("work"));

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();
    public void Dispose() => _dir.Dispose();

    private static HarvestSource Source(SourceKind kind, string location, object? settings = null) => new()
    {
        Name = "test", Kind = kind, CreatedAt = DateTimeOffset.UnixEpoch, Location = location, SettingsJson = settings is null ? null : JsonSerializer.Serialize(settings),
    };

    /// <summary>Runs gather, fetch and a full read; returns the header and rows.</summary>
    private async Task<(IReadOnlyList<string> Header, List<string?[]> Rows)> HarvestAsync<T>(T adapter, HarvestSource source) where T : ISourceAdapter, IItemReader
    {
        var items = await adapter.GatherAsync(source, default);
        var item = Assert.Single(items);
        var fetched = await adapter.FetchAsync(item, source, FetchConditions.None, _dir.Combine(Guid.NewGuid().ToString("N")), default);
        await using var table = await adapter.OpenAsync(fetched, item, source, default);
        var rows = new List<string?[]>();
        while (await table.ReadAsync() is { } record) rows.Add([.. record.Cells]);
        return (table.Header, rows);
    }

    [Fact]
    public async Task Xlsx_reads_the_named_sheet_with_dates_and_numbers_in_invariant_form()
    {
        using (var workbook = new XLWorkbook())
        {
            workbook.AddWorksheet("Info").Cell(1, 1).Value = "Läs mig";
            var sheet = workbook.AddWorksheet("Data");
            sheet.Cell(1, 1).Value = "namn";
            sheet.Cell(1, 2).Value = "datum";
            sheet.Cell(1, 3).Value = "djup";
            sheet.Cell(2, 1).Value = "Ängsbadet";
            sheet.Cell(2, 2).Value = new DateTime(2024, 6, 1);
            sheet.Cell(2, 3).Value = 2.5;
            sheet.Cell(4, 1).Value = "Sjövik"; // row 3 is blank: layout, not data
            sheet.Cell(4, 3).Value = 12;
            workbook.SaveAs(_dir.Combine("badplatser.xlsx"));
        }
        _server.MapFile("/badplatser.xlsx", await File.ReadAllBytesAsync(_dir.Combine("badplatser.xlsx")), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var adapter = new XlsxSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var (header, rows) = await HarvestAsync(adapter, Source(SourceKind.Xlsx, _server.Url("/badplatser.xlsx").ToString(), new { sheet = "Data" }));
        Assert.Equal(["namn", "datum", "djup"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["Ängsbadet", "2024-06-01", "2.5"], rows[0]);
        Assert.Equal(["Sjövik", "", "12"], rows[1]);

        var missing = Source(SourceKind.Xlsx, _server.Url("/badplatser.xlsx").ToString(), new { sheet = "Saknas" });
        var ex = await Assert.ThrowsAsync<XlsxFormatException>(() => HarvestAsync(adapter, missing));
        Assert.Contains("'Data'", ex.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_gets_a_clear_error()
    {
        _server.MapFile("/fake.xlsx", Encoding.UTF8.GetBytes("a,b\n1,2\n"), "application/octet-stream");
        var adapter = new XlsxSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var ex = await Assert.ThrowsAsync<XlsxFormatException>(() => HarvestAsync(adapter, Source(SourceKind.Xlsx, _server.Url("/fake.xlsx").ToString())));
        Assert.Contains("zip", ex.Message);
    }

    private static IEnumerable<object> Records(int count) =>
        Enumerable.Range(1, count).Select(i => new { id = i, namn = $"Plats {i}", aktiv = i % 2 == 0, extra = new { djup = i } });

    [Fact]
    public async Task Json_api_with_offset_paging_reads_every_record_once_from_the_pointer()
    {
        var all = Records(25).ToList();
        _server.Map("/api/platser", async context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            var limit = int.Parse(context.Request.Query["limit"]!, CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new { data = new { items = all.Skip(offset).Take(limit) } });
        });
        var adapter = new JsonApiSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var (header, rows) = await HarvestAsync(adapter, Source(SourceKind.JsonApi, _server.Url("/api/platser?kommun=1493").ToString(),
            new { recordsPointer = "/data/items", paging = "Offset", pageSize = 10 }));
        // The nested object is flattened into a column named by its path (issue 15), not kept as JSON text.
        Assert.Equal(["id", "namn", "aktiv", "extra.djup"], header);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => i.ToString()), rows.Select(r => r[0]));
        Assert.Equal("3", rows[2][3]);
        Assert.Equal(3, _server.Requests.Count(r => r.StartsWith("/api/platser")));
        Assert.All(_server.Requests, r => Assert.Contains("kommun=1493", r));
    }

    [Fact]
    public async Task Json_api_with_page_numbers_and_with_link_headers_stops_at_the_last_page()
    {
        var all = Records(7).ToList();
        _server.Map("/api/sidor", async context =>
        {
            var page = int.Parse(context.Request.Query["page"]!, CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(all.Skip((page - 1) * 3).Take(3));
        });
        var adapter = new JsonApiSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var (_, paged) = await HarvestAsync(adapter, Source(SourceKind.JsonApi, _server.Url("/api/sidor").ToString(), new { paging = "Page", pageSize = 3 }));
        Assert.Equal(7, paged.Count);

        _server.Map("/api/lankar", async context =>
        {
            var at = int.Parse(context.Request.Query["from"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
            if (at + 4 < all.Count) context.Response.Headers.Link = $"</api/lankar?from={at + 4}>; rel=\"next\"";
            await context.Response.WriteAsJsonAsync(new { results = all.Skip(at).Take(4) });
        });
        var (_, linked) = await HarvestAsync(adapter, Source(SourceKind.JsonApi, _server.Url("/api/lankar").ToString(), new { recordsPointer = "/results", paging = "Link" }));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => i.ToString()), linked.Select(r => r[0]));
    }

    [Fact]
    public async Task Json_api_paging_that_loops_back_is_stopped()
    {
        _server.Map("/api/loop", async context =>
        {
            context.Response.Headers.Link = "</api/loop>; rel=\"next\"";
            await context.Response.WriteAsJsonAsync(Records(2));
        });
        var adapter = new JsonApiSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var ex = await Assert.ThrowsAsync<Fetching.FetchException>(() => HarvestAsync(adapter, Source(SourceKind.JsonApi, _server.Url("/api/loop").ToString(), new { paging = "Link" })));
        Assert.Contains("already read", ex.Message);
    }

    private static object Feature(int i, double lon, double lat) => new
    {
        type = "Feature", properties = new { id = i, namn = $"Bad {i}" }, geometry = new { type = "Point", coordinates = new[] { lon, lat } },
    };

    [Fact]
    public async Task Wfs_pages_with_start_index_asks_for_crs84_and_honours_lat_lon_axis_order_when_asked_for_epsg_4326()
    {
        const int total = 23;
        _server.Map("/geoserver/wfs", async context =>
        {
            var q = context.Request.Query;
            Assert.Equal("GetFeature", q["REQUEST"]);
            Assert.Equal("kommun:badplatser", q["TYPENAMES"]);
            var start = int.Parse(q["STARTINDEX"]!, CultureInfo.InvariantCulture);
            var count = int.Parse(q["COUNT"]!, CultureInfo.InvariantCulture);
            var latFirst = q["SRSNAME"].ToString().Contains("EPSG::4326");
            var features = Enumerable.Range(start + 1, Math.Max(0, Math.Min(count, total - start)))
                .Select(i => latFirst ? Feature(i, 58.0 + i / 8.0, 13.0) : Feature(i, 13.0, 58.0 + i / 8.0)).ToList();
            await context.Response.WriteAsJsonAsync(new { type = "FeatureCollection", numberMatched = total, numberReturned = features.Count, features });
        });
        var adapter = new WfsSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var location = _server.Url("/geoserver/wfs").ToString();
        var (header, rows) = await HarvestAsync(adapter, Source(SourceKind.Wfs, location, new { typeName = "kommun:badplatser", pageSize = 10 }));
        Assert.Equal(["id", "namn", "latitude", "longitude"], header);
        Assert.Equal(total, rows.Count);
        Assert.Equal("60.875", rows[^1][2]);
        Assert.Equal("13", rows[^1][3]);
        Assert.Contains(_server.Requests, r => r.Contains("SRSNAME=urn%3Aogc%3Adef%3Acrs%3AOGC%3A1.3%3ACRS84"));

        var (_, swapped) = await HarvestAsync(adapter, Source(SourceKind.Wfs, location, new { typeName = "kommun:badplatser", pageSize = 10, srsName = "urn:ogc:def:crs:EPSG::4326" }));
        Assert.Equal("60.875", swapped[^1][2]);
        Assert.Equal("13", swapped[^1][3]);
        Assert.Null(SourceSettings.Validate(SourceKind.Wfs, "{\"typeName\":\"x\",\"srsName\":\"EPSG:3006\"}"));
        Assert.NotNull(SourceSettings.Validate(SourceKind.Wfs, "{\"typeName\":\"x\",\"srsName\":\"EPSG:2400\"}"));
    }

    [Fact]
    public async Task ArcGis_keeps_paging_while_the_server_caps_pages_and_says_more_remain()
    {
        const int total = 12, serverCap = 5;
        _server.Map("/arcgis/rest/services/Bad/FeatureServer/0/query", async context =>
        {
            var q = context.Request.Query;
            Assert.Equal("geojson", q["f"]);
            var offset = int.Parse(q["resultOffset"]!, CultureInfo.InvariantCulture);
            var features = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(serverCap, total - offset))).Select(i => Feature(i, 14.1, 57.7)).ToList();
            await context.Response.WriteAsJsonAsync(new
            {
                type = "FeatureCollection", features, properties = new { exceededTransferLimit = offset + features.Count < total },
            });
        });
        var adapter = new ArcGisSourceAdapter(TestFetchers.Create(_options), Options.Create(_options));
        var (_, rows) = await HarvestAsync(adapter, Source(SourceKind.ArcGis, _server.Url("/arcgis/rest/services/Bad/FeatureServer/0").ToString()));
        Assert.Equal(Enumerable.Range(1, total).Select(i => i.ToString()), rows.Select(r => r[0]));
    }

    [Fact]
    public async Task A_file_drop_takes_the_newest_finished_export()
    {
        var drop = Directory.CreateDirectory(_dir.Combine("drop")).FullName;
        _options.AllowedFileRoots = [drop];
        await File.WriteAllTextAsync(Path.Combine(drop, "export-1.csv"), "id\n1\n");
        await File.WriteAllTextAsync(Path.Combine(drop, "export-2.csv"), "id\n1\n2\n");
        await File.WriteAllTextAsync(Path.Combine(drop, "notes.pdf"), "not data");
        File.SetLastWriteTimeUtc(Path.Combine(drop, "export-1.csv"), DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(Path.Combine(drop, "export-2.csv"), DateTime.UtcNow.AddHours(-1));
        File.SetLastWriteTimeUtc(Path.Combine(drop, "notes.pdf"), DateTime.UtcNow.AddMinutes(-1));
        var adapter = new FileDropSourceAdapter(TestFetchers.Create(_options), TimeProvider.System);
        var source = Source(SourceKind.FileDrop, drop);
        var item = Assert.Single(await adapter.GatherAsync(source, default));
        Assert.Equal(drop, item.Key);
        Assert.EndsWith("export-2.csv", item.Location);
        Assert.Equal(SourceKind.Csv, item.DataKind);

        var outside = Source(SourceKind.FileDrop, "/etc");
        await Assert.ThrowsAsync<Fetching.FetchException>(() => adapter.GatherAsync(outside, default));
    }

    [Fact]
    public async Task A_large_geojson_streams_feature_by_feature_across_buffer_boundaries()
    {
        var path = _dir.Combine("big.geojson");
        const int count = 60_000;
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(true)))
        {
            // A big property before "features" and a nested "features" key must not confuse the reader.
            await writer.WriteAsync("{\"type\":\"FeatureCollection\",\"meta\":{\"features\":[1,2],\"note\":\"" + new string('x', 200_000) + "\"},\"features\":[");
            for (var i = 0; i < count; i++)
                await writer.WriteAsync((i > 0 ? "," : "") + $"{{\"type\":\"Feature\",\"properties\":{{\"nr\":{i},\"text\":\"rad {i} åäö\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{13 + i % 10},{58}]}}}}");
            await writer.WriteAsync("]}");
        }
        await using var stream = File.OpenRead(path);
        await using var table = await GeoJsonTabularSource.LoadAsync(stream, default);
        Assert.Equal(["nr", "text", "latitude", "longitude"], table.Header);
        long rows = 0;
        RawRecord last = default;
        while (await table.ReadAsync() is { } record) { rows++; last = record; }
        Assert.Equal(count, rows);
        Assert.Equal([(count - 1).ToString(), $"rad {count - 1} åäö", "58", "22"], last.Cells);
    }
}
