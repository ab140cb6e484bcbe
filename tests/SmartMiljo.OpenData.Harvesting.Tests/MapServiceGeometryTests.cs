using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// WFS (GML 3.2, GML 2 and GeoJSON) and ArcGIS (its own JSON and GeoJSON) layers of paths, areas with holes and Multi forms,
/// served by a local server in SWEREF 99 the way municipal map servers answer, keep their shape through the harvest. GDAL,
/// reading the very pages served and converting them to WGS84 with PROJ, is the independent judge of the GeoJSON download.
/// </summary>
public class MapServiceGeometryTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;
    private readonly TemporaryDirectory _work = new();

    public MapServiceGeometryTests() : this(StoreProvider.Sqlite) { }

    protected MapServiceGeometryTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
        _work.Dispose();
    }

    /// <summary>Members of a WFS 2.0 answer in SWEREF 99 TM, urn form: northing before easting, as the EPSG order says.</summary>
    private static readonly string[] Gml32Members =
    [
        Member(1, "cykel-1", "Cykelväg längs Kalmarsund",
            """<gml:LineString gml:id="g1" srsName="urn:ogc:def:crs:EPSG::3006" srsDimension="2"><gml:posList>6280000.0 583000.0 6280120.5 583095.25 6280300 583210</gml:posList></gml:LineString>"""),
        Member(2, "park-1", "Stadsparken",
            """<gml:Polygon gml:id="g2" srsName="urn:ogc:def:crs:EPSG::3006"><gml:exterior><gml:LinearRing><gml:posList>6281000 582000 6281000 582400 6281400 582400 6281400 582000 6281000 582000</gml:posList></gml:LinearRing></gml:exterior><gml:interior><gml:LinearRing><gml:posList>6281100 582100 6281200 582100 6281200 582200 6281100 582100</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>"""),
        Member(3, "park-2", "Två ängar",
            """<gml:MultiSurface gml:id="g3" srsName="urn:ogc:def:crs:EPSG::3006"><gml:surfaceMember><gml:Polygon gml:id="g3a"><gml:exterior><gml:LinearRing><gml:posList>6270000 575000 6270000 575500 6270500 575500 6270000 575000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember><gml:surfaceMember><gml:Polygon gml:id="g3b"><gml:exterior><gml:LinearRing><gml:posList>6271000 576000 6271000 576500 6271500 576500 6271500 576000 6271000 576000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>"""),
        Member(4, "cykel-2", "Slingor",
            """<gml:MultiCurve gml:id="g4" srsName="urn:ogc:def:crs:EPSG::3006"><gml:curveMember><gml:LineString gml:id="g4a"><gml:posList>6290000 590000 6290100 590100</gml:posList></gml:LineString></gml:curveMember><gml:curveMember><gml:Curve gml:id="g4b"><gml:segments><gml:LineStringSegment><gml:posList>6290200 590200 6290300 590300</gml:posList></gml:LineStringSegment><gml:LineStringSegment><gml:posList>6290300 590300 6290350 590400</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember></gml:MultiCurve>"""),
        Member(5, "bänk-1", "Bänk", """<gml:Point gml:id="g5" srsName="urn:ogc:def:crs:EPSG::3006"><gml:pos>6280500 583500</gml:pos></gml:Point>"""),
    ];

    /// <summary>A circular arc: a curve this platform does not linearise; it costs its own row a note.</summary>
    private static readonly string ArcMember = Member(6, "rondell-1", "Rondellen",
        """<gml:Curve gml:id="g6" srsName="urn:ogc:def:crs:EPSG::3006"><gml:segments><gml:Arc><gml:posList>6280000 583000 6280010 583010 6280000 583020</gml:posList></gml:Arc></gml:segments></gml:Curve>""");

    private static string Member(int n, string id, string name, string geometry) => $"""
          <wfs:member>
            <kalmar:ytor gml:id="ytor.{n}">
              <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::3006"><gml:lowerCorner>6270000 575000</gml:lowerCorner><gml:upperCorner>6290350 590400</gml:upperCorner></gml:Envelope></gml:boundedBy>
              <kalmar:id>{id}</kalmar:id>
              <kalmar:namn>{name}</kalmar:namn>
              <kalmar:skotsel xsi:nil="true"/>
              <kalmar:geom>{geometry}</kalmar:geom>
            </kalmar:ytor>
          </wfs:member>
        """;

    private static string Gml32Collection(IEnumerable<string> members, int matched) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:kalmar="http://kalmar.se/gis"
            numberMatched="{matched}" numberReturned="{members.Count()}" timeStamp="2026-12-07T10:00:00Z">
        {string.Concat(members)}
        </wfs:FeatureCollection>
        """;

    /// <summary>A WFS 1.0 answer in GML 2 in SWEREF 99 16 30 (Kalmar's local zone): featureMember, outer/innerBoundaryIs,
    /// gml:coordinates with easting first.</summary>
    private const string Gml2Collection = """
        <?xml version="1.0" encoding="UTF-8"?>
        <wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" xmlns:kalmar="http://kalmar.se/gis">
          <gml:featureMember>
            <kalmar:ytor fid="ytor.1">
              <kalmar:id>park-1</kalmar:id>
              <kalmar:the_geom><gml:Polygon srsName="EPSG:3010"><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates decimal="." cs="," ts=" ">155000,6281000 155400,6281000 155400,6281400 155000,6281400 155000,6281000</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs><gml:innerBoundaryIs><gml:LinearRing><gml:coordinates>155100,6281100 155200,6281100 155200,6281200 155100,6281100</gml:coordinates></gml:LinearRing></gml:innerBoundaryIs></gml:Polygon></kalmar:the_geom>
            </kalmar:ytor>
          </gml:featureMember>
          <gml:featureMember>
            <kalmar:ytor fid="ytor.2">
              <kalmar:id>cykel-1</kalmar:id>
              <kalmar:the_geom><gml:MultiLineString srsName="EPSG:3010"><gml:lineStringMember><gml:LineString><gml:coordinates>156000,6282000 156100,6282150.5</gml:coordinates></gml:LineString></gml:lineStringMember><gml:lineStringMember><gml:LineString><gml:coordinates>156200,6282200 156300,6282300 156400,6282350</gml:coordinates></gml:LineString></gml:lineStringMember></gml:MultiLineString></kalmar:the_geom>
            </kalmar:ytor>
          </gml:featureMember>
          <gml:featureMember>
            <kalmar:ytor fid="ytor.3">
              <kalmar:id>park-2</kalmar:id>
              <kalmar:the_geom><gml:MultiPolygon srsName="EPSG:3010"><gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>150000,6270000 150500,6270000 150500,6270500 150000,6270000</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:polygonMember><gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>151000,6271000 151500,6271000 151500,6271500 151000,6271000</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:polygonMember></gml:MultiPolygon></kalmar:the_geom>
            </kalmar:ytor>
          </gml:featureMember>
        </wfs:FeatureCollection>
        """;

    /// <summary>An ArcGIS 10.3 query answer (f=json) in SWEREF 99 TM: an area with a pond (outer ring clockwise, hole
    /// counter-clockwise) and a second island, a path of two parts, a point, and a date in milliseconds.</summary>
    private static string EsriPage(int from, int count, bool more)
    {
        var all = new[]
        {
            """{"attributes":{"OBJECTID":1,"id":"park-1","namn":"Stadsparken","anlagd":946684800000},"geometry":{"rings":[[[582000,6281000],[582000,6281400],[582400,6281400],[582400,6281000],[582000,6281000]],[[582100,6281100],[582200,6281100],[582200,6281200],[582100,6281100]],[[583000,6282000],[583000,6282300],[583300,6282000],[583000,6282000]]]}}""",
            """{"attributes":{"OBJECTID":2,"id":"cykel-1","namn":"Slingor","anlagd":null},"geometry":{"paths":[[[590000,6290000],[590100,6290100]],[[590200,6290200],[590300,6290300],[590400,6290350]]]}}""",
            """{"attributes":{"OBJECTID":3,"id":"cykel-2","namn":"Strandpromenaden","anlagd":1262304000000},"geometry":{"paths":[[[583000,6280000],[583095.25,6280120.5],[583210,6280300]]]}}""",
            """{"attributes":{"OBJECTID":4,"id":"bänk-1","namn":"Bänk","anlagd":null},"geometry":{"x":583500,"y":6280500}}""",
        };
        return $$"""
            {"objectIdFieldName":"OBJECTID","spatialReference":{"wkid":3006,"latestWkid":3006},
             "fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"},{"name":"id","type":"esriFieldTypeString"},{"name":"namn","type":"esriFieldTypeString"},{"name":"anlagd","type":"esriFieldTypeDate"}],
             "features":[{{string.Join(",", all.Skip(from).Take(count))}}]{{(more ? ",\"exceededTransferLimit\":true" : "")}}}
            """;
    }

    private async Task<JsonElement> HarvestAsync(string org, string kind, string location, object settings)
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new { name = "Ytor", datasetSlug = "ytor", kind, location, settings });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        return run;
    }

    [Fact]
    public async Task Wfs_gml32_in_sweref_99_tm_keeps_lines_areas_with_holes_and_multi_geometries_as_gdal_reads_them()
    {
        var members = Gml32Members.Append(ArcMember).ToArray();
        _server.Map("/geoserver/wfs", async context =>
        {
            Assert.Equal("application/gml+xml; version=3.2", context.Request.Query["OUTPUTFORMAT"]);
            Assert.Equal("urn:ogc:def:crs:EPSG::3006", context.Request.Query["SRSNAME"]);
            var start = int.Parse(context.Request.Query["STARTINDEX"]!, CultureInfo.InvariantCulture);
            var count = int.Parse(context.Request.Query["COUNT"]!, CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/gml+xml; version=3.2";
            await context.Response.WriteAsync(Gml32Collection(members.Skip(start).Take(count), members.Length));
        });
        var run = await HarvestAsync("wfsgml", "Wfs", _server.Url("/geoserver/wfs").ToString(),
            new { typeName = "kalmar:ytor", srsName = "urn:ogc:def:crs:EPSG::3006", outputFormat = "application/gml+xml; version=3.2", pageSize = 4 });
        Assert.Equal(6, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(2, _server.Requests.Count(r => r.Contains("/geoserver/wfs")));

        var page = Path.Combine(_work.Path, "wfs.gml");
        await File.WriteAllTextAsync(page, Gml32Collection(Gml32Members, Gml32Members.Length));
        await AssertDownloadMatchesGdalAsync("wfsgml", page, 5);

        // The arc is not linearised: its row keeps its values and says why it has no geometry, in both languages.
        var odata = await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/odata/wfsgml/ytor?$filter=id eq 'rondell-1'");
        var arc = Assert.Single(odata.GetProperty("value").EnumerateArray());
        Assert.Equal("ytor.6", arc.GetProperty("gml_id").GetString());
        Assert.Contains("Arc stöds inte", arc.GetProperty("geometry_problem").GetString());
        Assert.Contains("The GML geometry Arc is not supported", arc.GetProperty("geometry_problem").GetString());
        Assert.Equal(JsonValueKind.Null, arc.GetProperty("geometry").ValueKind);
    }

    [Fact]
    public async Task Wfs_gml2_in_a_local_sweref_zone_keeps_holes_and_multi_geometries_as_gdal_reads_them()
    {
        _server.MapFile("/wfs10", Encoding.UTF8.GetBytes(Gml2Collection), "text/xml; subtype=gml/2.1.2");
        var run = await HarvestAsync("wfsgml2", "Wfs", _server.Url("/wfs10").ToString(),
            new { typeName = "kalmar:ytor", srsName = "EPSG:3010", outputFormat = "GML2" });
        Assert.Equal(3, run.GetProperty("rowsAccepted").GetInt64());
        var page = Path.Combine(_work.Path, "wfs2.gml");
        await File.WriteAllTextAsync(page, Gml2Collection);
        await AssertDownloadMatchesGdalAsync("wfsgml2", page, 3);
    }

    [Fact]
    public async Task Wfs_geojson_in_sweref_99_tm_is_converted_to_wgs84_vertex_by_vertex()
    {
        // GDAL writes the GML page as GeoJSON in SWEREF 99 TM (easting first), as GeoServer does when asked for EPSG:3006.
        var gml = Path.Combine(_work.Path, "wfs.gml");
        await File.WriteAllTextAsync(gml, Gml32Collection(Gml32Members, Gml32Members.Length));
        var projected = Path.Combine(_work.Path, "sweref.geojson");
        await Gdal.RunAsync("ogr2ogr", ["-f", "GeoJSON", projected, gml, "-t_srs", "EPSG:3006", "-lco", "RFC7946=NO", "-select", "id,namn"]);
        _server.MapFile("/wfs-json", await File.ReadAllBytesAsync(projected), "application/json");
        var run = await HarvestAsync("wfsjson", "Wfs", _server.Url("/wfs-json").ToString(), new { typeName = "kalmar:ytor", srsName = "EPSG:3006" });
        Assert.Equal(5, run.GetProperty("rowsAccepted").GetInt64());
        await AssertDownloadMatchesGdalAsync("wfsjson", gml, 5);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("geojson")]
    public async Task ArcGis_json_and_geojson_keep_areas_with_holes_paths_and_points(string format)
    {
        // The same layer as ArcGIS JSON (SWEREF 99 TM), and as the GeoJSON GDAL makes of it (WGS84), two features a page.
        var esri = Path.Combine(_work.Path, "layer.json");
        await File.WriteAllTextAsync(esri, EsriPage(0, 4, more: false));
        var pages = new List<byte[]>();
        for (var from = 0; from < 4; from += 2)
        {
            var page = Path.Combine(_work.Path, $"page{from}.json");
            await File.WriteAllTextAsync(page, EsriPage(from, 2, more: from + 2 < 4));
            if (format == "json") { pages.Add(await File.ReadAllBytesAsync(page)); continue; }
            var geojson = Path.Combine(_work.Path, $"page{from}.geojson");
            await Gdal.RunAsync("ogr2ogr", ["-f", "GeoJSON", geojson, page, "-t_srs", "OGC:CRS84", "-lco", "COORDINATE_PRECISION=15"]);
            // ArcGIS says more remain inside the collection's properties; GDAL's copy has no such member, so it is added.
            var text = await File.ReadAllTextAsync(geojson);
            if (from + 2 < 4) text = text.Replace("\"type\": \"FeatureCollection\",", "\"type\": \"FeatureCollection\", \"properties\": {\"exceededTransferLimit\": true},");
            pages.Add(Encoding.UTF8.GetBytes(text));
        }
        _server.Map("/arcgis/rest/services/Parker/MapServer/2/query", async context =>
        {
            Assert.Equal(format, context.Request.Query["f"]);
            var offset = int.Parse(context.Request.Query["resultOffset"]!, CultureInfo.InvariantCulture);
            // The server caps pages at two features whatever was asked (as maxRecordCount does) and says more remain.
            await context.Response.Body.WriteAsync(offset / 2 < pages.Count ? pages[offset / 2] : Encoding.UTF8.GetBytes(EsriPage(4, 0, false)));
        });
        var settings = format == "json" ? (object)new { format, pageSize = 1000 } : new { pageSize = 1000 };
        var run = await HarvestAsync("arc" + format, "ArcGis", _server.Url("/arcgis/rest/services/Parker/MapServer/2").ToString(), settings);
        Assert.Equal(4, run.GetProperty("rowsAccepted").GetInt64());
        await AssertDownloadMatchesGdalAsync("arc" + format, esri, 4);

        var odata = await _platform.CreateClient().GetFromJsonAsync<JsonElement>($"/odata/arc{format}/ytor?$filter=id eq 'park-1'");
        var park = Assert.Single(odata.GetProperty("value").EnumerateArray());
        Assert.Equal("MultiPolygon", park.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(2, park.GetProperty("geometry").GetProperty("coordinates")[0].GetArrayLength()); // the park and its pond
        // ArcGIS JSON names its date fields, so their milliseconds become dates; its GeoJSON does not, and they stay numbers.
        if (format == "json") Assert.StartsWith("2000-01-01", park.GetProperty("anlagd").GetString());
        else Assert.Equal(946684800000, park.GetProperty("anlagd").GetInt64());
    }

    [Fact]
    public async Task An_arcgis_error_answered_with_status_200_fails_the_run_with_the_servers_words()
    {
        _server.MapFile("/arcgis/rest/services/Fel/MapServer/0/query",
            """{"error":{"code":400,"message":"Unable to complete operation.","details":["Invalid query parameters."]}}"""u8.ToArray(), "application/json");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "arcfel", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "arcfel", new
        {
            name = "Fel", datasetSlug = "fel", kind = "ArcGis", location = _server.Url("/arcgis/rest/services/Fel/MapServer/0").ToString(), settings = new { format = "json" },
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("Unable to complete operation. Invalid query parameters.", run.GetRawText());
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue" locator="typeName"><ows:ExceptionText>Feature type kalmar:ytor unknown</ows:ExceptionText></ows:Exception></ows:ExceptionReport>""",
        "The WFS server answered with an exception: Feature type kalmar:ytor unknown")]
    // An entity expansion bomb: no DTD is processed at all.
    [InlineData("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:member>&lol2;</wfs:member></wfs:FeatureCollection>""",
        "The GML is not well-formed XML")]
    public async Task A_wfs_exception_report_or_a_dtd_fails_the_run_with_a_plain_reason(string answer, string reason)
    {
        _server.MapFile("/wfs-fel", Encoding.UTF8.GetBytes(answer), "application/xml");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "wfsfel", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "wfsfel", new
        {
            name = "Fel", datasetSlug = "fel", kind = "Wfs", location = _server.Url("/wfs-fel").ToString(), settings = new { typeName = "kalmar:ytor", outputFormat = "GML3" },
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains(reason, run.GetRawText());
    }

    /// <summary>The GeoJSON download, read by GDAL, has the geometries GDAL reads from <paramref name="sourcePage"/> converted to
    /// WGS84 by PROJ: same types, same vertices in the same order, within a centimetre (ProjNET's transverse Mercator series
    /// and PROJ's differ by a few millimetres; a swapped axis, a wrong zone or a dropped vertex is off by kilometres).</summary>
    private async Task AssertDownloadMatchesGdalAsync(string org, string sourcePage, int features)
    {
        var expected = await WktByIdAsync(sourcePage, "-t_srs", "OGC:CRS84");
        Assert.Equal(features, expected.Count);
        var download = Path.Combine(_work.Path, org + ".geojson");
        await File.WriteAllBytesAsync(download, await _platform.CreateClient().GetByteArrayAsync($"/download/{org}/ytor.geojson"));
        var actual = await WktByIdAsync(download);
        foreach (var (id, wkt) in expected)
        {
            Assert.True(actual.TryGetValue(id, out var ours), $"{id} is missing from the download.");
            Assert.Equal(Shape(wkt), Shape(ours));
            var want = Numbers(wkt);
            var got = Numbers(ours);
            Assert.Equal(want.Length, got.Length);
            for (var i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(want[i] - got[i]) < 1e-7, $"{id}: value {i} is {got[i]}, GDAL reads {want[i]}.");
        }
    }

    private static string Shape(string wkt) => Regex.Replace(wkt, @"-?\d+(\.\d+)?(e-?\d+)?", "n");

    private static double[] Numbers(string wkt) =>
        Regex.Matches(wkt, @"-?\d+(\.\d+)?(e-?\d+)?").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();

    private static async Task<Dictionary<string, string>> WktByIdAsync(string path, params string[] options)
    {
        var csv = await Gdal.RunAsync("ogr2ogr", ["-f", "CSV", "/vsistdout/", path, .. options, "-lco", "GEOMETRY=AS_WKT", "-select", "id"]);
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Where(line => line.StartsWith('"'))
            .Select(line =>
            {
                var close = line.LastIndexOf("\",", StringComparison.Ordinal);
                return (Id: line[(close + 2)..].Trim('"'), Wkt: line[1..close]);
            }).ToDictionary(x => x.Id, x => x.Wkt);
    }

    private static class Gdal
    {
        public static async Task<string> RunAsync(string tool, string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await stderr}");
            return await stdout;
        }
    }
}

public sealed class PostgresMapServiceGeometryTests() : MapServiceGeometryTests(StoreProvider.Postgres);
