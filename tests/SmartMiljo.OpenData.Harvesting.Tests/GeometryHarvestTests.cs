using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parquet;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Lines, areas (with holes) and Multi forms harvested from GeoJSON keep their geometry through the store, OData and
/// every download, vertex for vertex; GDAL reads the source and each download as the independent judge.
/// </summary>
public class GeometryHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public GeometryHarvestTests() : this(StoreProvider.Sqlite) { }

    protected GeometryHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    /// <summary>The reproduction: a cycle path and a park (with a pond cut out), and the Multi forms.</summary>
    internal const string Shapes = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"cykel-1","namn":"Cykelväg längs Kalmarsund"},
          "geometry":{"type":"LineString","coordinates":[[16.3561,56.6634],[16.3602,56.6651],[16.3655,56.6669],[16.3701,56.6702]]}},
         {"type":"Feature","properties":{"id":"park-1","namn":"Stadsparken"},
          "geometry":{"type":"Polygon","coordinates":[[[16.35,56.66],[16.36,56.66],[16.36,56.67],[16.35,56.67],[16.35,56.66]],
                                                      [[16.352,56.662],[16.354,56.662],[16.354,56.664],[16.352,56.662]]]}},
         {"type":"Feature","properties":{"id":"park-2","namn":"Två ängar"},
          "geometry":{"type":"MultiPolygon","coordinates":[[[[16.30,56.60],[16.31,56.60],[16.31,56.61],[16.30,56.60]]],
                                                           [[[16.32,56.60],[16.33,56.60],[16.33,56.61],[16.32,56.61],[16.32,56.60]]]]}},
         {"type":"Feature","properties":{"id":"cykel-2","namn":"Slingor"},
          "geometry":{"type":"MultiLineString","coordinates":[[[16.40,56.70],[16.41,56.71]],[[16.42,56.72],[16.43,56.73],[16.44,56.735]]]}},
         {"type":"Feature","properties":{"id":"bänk-1","namn":"Bänk"},
          "geometry":{"type":"Point","coordinates":[16.3612,56.6645]}},
         {"type":"Feature","properties":{"id":"skog-1","namn":"Dungar"},
          "geometry":{"type":"MultiPoint","coordinates":[[16.51,56.61],[16.52,56.62]]}}
        ]}
        """;

    private async Task<(HttpClient Admin, JsonElement Run)> HarvestAsync(string org, string geoJson)
    {
        _server.MapFile($"/{org}.geojson", Encoding.UTF8.GetBytes(geoJson), "application/geo+json");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Parker och cykelvägar", datasetSlug = "ytor", kind = "GeoJson", location = _server.Url($"/{org}.geojson").ToString(),
        });
        return (admin, await HarvestPlatform.HarvestAsync(admin, sourceId));
    }

    [Fact]
    public async Task Lines_areas_with_holes_and_multi_geometries_keep_every_vertex_in_odata_and_every_download()
    {
        var (_, run) = await HarvestAsync("geokommun", Shapes);
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        Assert.Equal(6, run.GetProperty("rowsAccepted").GetInt64());

        using var work = new TemporaryDirectory();
        var source = Path.Combine(work.Path, "source.geojson");
        await File.WriteAllTextAsync(source, Shapes);
        var expected = await GdalWktByIdAsync(source);
        Assert.StartsWith("POLYGON ((16.35 56.66,", expected["park-1"]);
        Assert.Contains("),(16.352 56.662,", expected["park-1"]); // the hole

        var client = _platform.CreateClient();
        // GeoJSON download: the features' geometries, as GDAL reads them, are the source's.
        var geojson = Path.Combine(work.Path, "ytor.geojson");
        await File.WriteAllBytesAsync(geojson, await client.GetByteArrayAsync("/download/geokommun/ytor.geojson"));
        Assert.Equal(expected, await GdalWktByIdAsync(geojson));

        // CSV download: the geometry column as WKT, read by GDAL's CSV driver.
        var csv = Path.Combine(work.Path, "ytor.csv");
        await File.WriteAllBytesAsync(csv, await client.GetByteArrayAsync("/download/geokommun/ytor.csv"));
        Assert.Equal(expected, await GdalWktByIdAsync(csv, "-oo", "GEOM_POSSIBLE_NAMES=geometry", "-oo", "KEEP_GEOM_COLUMNS=NO"));

        // GeoParquet download: the WKB column (GeoParquet's encoding) decoded by GDAL from its hex form.
        var parquetBytes = await client.GetByteArrayAsync("/download/geokommun/ytor.parquet");
        await using (var parquet = await ParquetReader.CreateAsync(new MemoryStream(parquetBytes)))
        {
            Assert.Contains("\"primary_column\":\"geometry\"", parquet.CustomMetadata["geo"]);
            using var group = parquet.OpenRowGroupReader(0);
            var fields = parquet.Schema.GetDataFields();
            var ids = new string?[group.RowCount];
            await group.ReadAsync(fields.Single(f => f.Name == "id"), ids.AsMemory());
            var wkb = new byte[]?[group.RowCount];
            await group.ReadAsync(fields.Single(f => f.Name == "geometry"), wkb.AsMemory());
            var hexCsv = Path.Combine(work.Path, "wkb.csv");
            await File.WriteAllLinesAsync(hexCsv, new[] { "id,geometry" }.Concat(ids.Select((id, i) => $"{id},{Convert.ToHexString(wkb[i]!)}")));
            Assert.Equal(expected, await GdalWktByIdAsync(hexCsv, "-oo", "GEOM_POSSIBLE_NAMES=geometry", "-oo", "KEEP_GEOM_COLUMNS=NO"));
        }

        // OData: Edm.Geography values as GeoJSON, same vertices in the same order.
        var metadata = await client.GetStringAsync("/odata/geokommun/$metadata");
        Assert.Contains("Name=\"geometry\" Type=\"Edm.Geography\"", metadata);
        var odata = await client.GetFromJsonAsync<JsonElement>("/odata/geokommun/ytor?$orderby=id");
        var byId = odata.GetProperty("value").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("geometry"));
        Assert.Equal("LineString", byId["cykel-1"].GetProperty("type").GetString());
        Assert.Equal("[[16.3561,56.6634],[16.3602,56.6651],[16.3655,56.6669],[16.3701,56.6702]]", byId["cykel-1"].GetProperty("coordinates").GetRawText());
        Assert.Equal("Polygon", byId["park-1"].GetProperty("type").GetString());
        Assert.Equal(2, byId["park-1"].GetProperty("coordinates").GetArrayLength());
        Assert.Equal("MultiPolygon", byId["park-2"].GetProperty("type").GetString());
        Assert.Equal("MultiLineString", byId["cykel-2"].GetProperty("type").GetString());
        Assert.Equal("Point", byId["bänk-1"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_bbox_on_a_download_keeps_the_lines_areas_and_points_that_meet_it_through_the_spatial_index()
    {
        await HarvestAsync("geobox", Shapes);
        var client = _platform.CreateClient();
        async Task<List<string>> IdsAsync(string bbox, string format = "geojson")
        {
            var response = await client.GetAsync($"/download/geobox/ytor.{format}?bbox={bbox}");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var collection = await response.Content.ReadFromJsonAsync<JsonElement>();
            return collection.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        }

        // The cycle path crosses the box, the park overlaps it, the bench is inside it; the rest are far away.
        Assert.Equal(["bänk-1", "cykel-1", "park-1"], await IdsAsync("16.355,56.655,16.365,56.668"));
        // Inside the bounding box of the triangular meadow but outside the triangle: the exact test, not the box, decides.
        Assert.Empty(await IdsAsync("16.301,56.607,16.303,56.609"));
        Assert.Equal(["park-2"], await IdsAsync("16.305,56.601,16.309,56.603"));
        // A box that only the second part of the two-part path crosses.
        Assert.Equal(["cykel-2"], await IdsAsync("16.425,56.70,16.435,56.74"));

        // The same rows in other formats: the CSV's WKT column.
        var csv = await client.GetStringAsync("/download/geobox/ytor.csv?bbox=16.355,56.655,16.365,56.668");
        Assert.Contains("LINESTRING (16.3561 56.6634", csv);
        Assert.DoesNotContain("park-2", csv);
    }

    [Fact]
    public async Task A_self_intersecting_area_is_reported_on_its_row_and_an_unclosed_ring_is_closed_and_said_so()
    {
        const string file = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"id":"ok"},"geometry":{"type":"LineString","coordinates":[[16.1,56.1],[16.2,56.2]]}},
             {"type":"Feature","properties":{"id":"åtta"},
              "geometry":{"type":"Polygon","coordinates":[[[16.0,56.0],[16.1,56.1],[16.1,56.0],[16.0,56.1],[16.0,56.0]]]}},
             {"type":"Feature","properties":{"id":"öppen"},
              "geometry":{"type":"Polygon","coordinates":[[[16.0,56.0],[16.1,56.0],[16.1,56.1],[16.0,56.1]]]}},
             {"type":"Feature","properties":{"id":"meter"},
              "geometry":{"type":"LineString","coordinates":[[583000,6280000],[583100,6280100]]}}
            ]}
            """;
        var (_, run) = await HarvestAsync("felgeo", file);
        var report = run.GetProperty("report").GetRawText();
        Assert.Contains("invalid-geometry", report);
        Assert.Contains("korsar sig själv", report);
        Assert.Contains("crosses itself", report);
        Assert.Contains("utanför WGS84", report);
        Assert.Contains("geometry-repaired", report);
        Assert.Contains("has been closed by repeating its first point", report);
        Assert.Equal(2, run.GetProperty("rowsRejected").GetInt64());

        // The repaired ring is served closed; the rejected rows are not served.
        var odata = await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/odata/felgeo/ytor?$orderby=id");
        var byId = odata.GetProperty("value").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("geometry"));
        Assert.Equal(["ok", "öppen"], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("[[[16,56],[16.1,56],[16.1,56.1],[16,56.1],[16,56]]]", byId["öppen"].GetProperty("coordinates").GetRawText());
    }

    [Fact]
    public async Task A_csv_column_of_wkt_and_geojson_is_read_as_geometry()
    {
        const string csv = "id,namn,geometry\n"
            + "c1,Cykelväg,\"LINESTRING (16.3561 56.6634, 16.3602 56.6651)\"\n"
            + "p1,Park,\"{\"\"type\"\":\"\"Polygon\"\",\"\"coordinates\"\":[[[16.35,56.66],[16.36,56.66],[16.36,56.67],[16.35,56.66]]]}\"\n";
        _server.MapFile("/ytor.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "csvgeo", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "csvgeo", new
        {
            name = "Ytor", datasetSlug = "ytor", kind = "Csv", location = _server.Url("/ytor.csv").ToString(),
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(2, run.GetProperty("rowsAccepted").GetInt64());

        var client = _platform.CreateClient();
        Assert.Contains("Name=\"geometry\" Type=\"Edm.Geography\"", await client.GetStringAsync("/odata/csvgeo/$metadata"));
        var odata = await client.GetFromJsonAsync<JsonElement>("/odata/csvgeo/ytor?$orderby=id");
        var rows = odata.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal("LineString", rows[0].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("[[16.3561,56.6634],[16.3602,56.6651]]", rows[0].GetProperty("geometry").GetProperty("coordinates").GetRawText());
        Assert.Equal("Polygon", rows[1].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Contains("\"geometry\":{\"type\":\"LineString\"", await client.GetStringAsync("/download/csvgeo/ytor.geojson"));
    }

    [Theory]
    [InlineData("geo.intersects(geometry, geography'SRID=4326;POLYGON((16.355 56.655,16.365 56.655,16.365 56.668,16.355 56.668,16.355 56.655))')",
        "ST_Intersects(g, ST_GeogFromText('POLYGON((16.355 56.655,16.365 56.655,16.365 56.668,16.355 56.668,16.355 56.655))'))")]
    [InlineData("geo.intersects(geometry, geography'SRID=4326;LINESTRING(16.305 56.59,16.305 56.62)')",
        "ST_Intersects(g, ST_GeogFromText('LINESTRING(16.305 56.59,16.305 56.62)'))")]
    [InlineData("geo.length(geometry) gt 1000", "ST_Length(g) > 1000")]
    // PostGIS measures the cycle path at 1159.74 m and the bench 1.52 m from it: the windows are tight enough that a
    // spherical or planar measure would fall outside them.
    [InlineData("geo.length(geometry) gt 1159.5 and geo.length(geometry) lt 1160", "ST_Length(g) > 1159.5 AND ST_Length(g) < 1160")]
    [InlineData("geo.distance(geometry, geography'SRID=4326;POINT(16.36 56.665)') gt 1.4 and geo.distance(geometry, geography'SRID=4326;POINT(16.36 56.665)') lt 1.6",
        "ST_Distance(g, ST_GeogFromText('POINT(16.36 56.665)')) > 1.4 AND ST_Distance(g, ST_GeogFromText('POINT(16.36 56.665)')) < 1.6")]
    [InlineData("geo.distance(geometry, geography'SRID=4326;POINT(16.36 56.665)') lt 1500",
        "ST_Distance(g, ST_GeogFromText('POINT(16.36 56.665)')) < 1500")]
    [InlineData("geo.distance(geometry, geography'SRID=4326;POINT(16.36 56.665)') gt 9000",
        "ST_Distance(g, ST_GeogFromText('POINT(16.36 56.665)')) > 9000")]
    public async Task Geo_functions_on_lines_and_areas_select_what_PostGIS_selects(string filter, string postgisCondition)
    {
        await HarvestAsync("geofunk", Shapes);
        var response = await _platform.CreateClient().GetAsync("/odata/geofunk/ytor?$select=id&$orderby=id&$filter=" + Uri.EscapeDataString(filter));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var odata = await response.Content.ReadFromJsonAsync<JsonElement>();
        var selected = odata.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

        // PostGIS's own answer over the source's geometries, as geography.
        await using var postgis = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new Npgsql.NpgsqlConnection(postgis.ConnectionString);
        await connection.OpenAsync();
        var features = JsonDocument.Parse(Shapes).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => (Id: f.GetProperty("properties").GetProperty("id").GetString()!, Geometry: f.GetProperty("geometry").GetRawText()));
        var values = string.Join(", ", features.Select((f, i) => $"(@id{i}, ST_GeomFromGeoJSON(@g{i})::geography)"));
        await using var command = new Npgsql.NpgsqlCommand(
            $"CREATE EXTENSION IF NOT EXISTS postgis; SELECT id FROM (VALUES {values}) AS t(id, g) WHERE {postgisCondition} ORDER BY id COLLATE \"C\"", connection);
        var n = 0;
        foreach (var (id, geometry) in features)
        {
            command.Parameters.AddWithValue($"id{n}", id);
            command.Parameters.AddWithValue($"g{n++}", geometry);
        }
        var expected = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) expected.Add(reader.GetString(0));

        Assert.NotEmpty(expected);
        Assert.NotEqual(6, expected.Count);
        Assert.Equal(expected, selected.Order(StringComparer.Ordinal));
    }

    /// <summary>Each feature's geometry as WKT, by its id, as GDAL reads the file.</summary>
    internal static async Task<Dictionary<string, string>> GdalWktByIdAsync(string path, params string[] openOptions)
    {
        var csv = await RunAsync("ogr2ogr", ["-f", "CSV", "/vsistdout/", path, .. openOptions, "-lco", "GEOMETRY=AS_WKT", "-select", "id"]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("WKT,id", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var close = line.LastIndexOf("\",", StringComparison.Ordinal);
            return (Id: line[(close + 2)..].Trim('"'), Wkt: line[1..close]);
        }).ToDictionary(x => x.Id, x => x.Wkt);
    }

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception e) { throw new InvalidOperationException($"'{tool}' is not installed; install Debian's gdal-bin.", e); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await stderr}");
            return await stdout;
        }
    }
}

public sealed class PostgresGeometryHarvestTests() : GeometryHarvestTests(StoreProvider.Postgres);
