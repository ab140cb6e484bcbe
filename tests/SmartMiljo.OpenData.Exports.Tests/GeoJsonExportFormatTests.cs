using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Tests;

public class GeoJsonExportFormatTests
{
    private static async Task<JsonElement> ExportAsync(ExportContext? context = null)
    {
        var bytes = await Export.ToBytesAsync(ExportFormats.GeoJson, context ?? SampleTables.Context, SampleTables.Rows);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    [Fact]
    public async Task Is_a_feature_collection_of_points_in_longitude_latitude_order()
    {
        var root = await ExportAsync();
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.False(root.TryGetProperty("crs", out _), "RFC 7946 removed the crs member.");
        var first = root.GetProperty("features")[0];
        Assert.Equal("Feature", first.GetProperty("type").GetString());
        var geometry = first.GetProperty("geometry");
        Assert.Equal("Point", geometry.GetProperty("type").GetString());
        var coordinates = geometry.GetProperty("coordinates");
        Assert.Equal(12.2417, coordinates[0].GetDouble());
        Assert.Equal(57.6412, coordinates[1].GetDouble());
    }

    [Fact]
    public async Task Properties_keep_json_types_swedish_text_and_offsets()
    {
        var features = (await ExportAsync()).GetProperty("features");
        var first = features[0].GetProperty("properties");
        Assert.Equal("Östra stranden, Hällingsjö", first.GetProperty("namn").GetString());
        Assert.Equal(1234, first.GetProperty("antal_besokare").GetInt64());
        Assert.True(first.GetProperty("handikappanpassad").GetBoolean());
        Assert.Equal("2024-06-20", first.GetProperty("provdatum").GetString());
        Assert.Equal(SampleTables.SummerMorning, first.GetProperty("uppdaterad").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(2), first.GetProperty("uppdaterad").GetDateTimeOffset().Offset);
        Assert.Equal(1968, first.GetProperty("byggar").GetInt32());

        var third = features[2].GetProperty("properties");
        Assert.Equal(long.MaxValue, third.GetProperty("antal_besokare").GetInt64());
        Assert.Equal(0.1 + 0.2, third.GetProperty("vattentemperatur").GetDouble());
    }

    [Fact]
    public async Task Rows_without_coordinates_are_features_with_null_geometry_and_null_properties()
    {
        var second = (await ExportAsync()).GetProperty("features")[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("geometry").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("properties").GetProperty("namn").ValueKind);
        Assert.Equal("SE0441273000000002", second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_geopoint_field_serves_as_geometry_when_there_is_no_mapping()
    {
        var schema = new TableSchema
        {
            Fields = [new FieldDefinition { Name = "namn" }, new FieldDefinition { Name = "plats", Type = FieldType.GeoPoint }],
        };
        var context = new ExportContext(new TableLayout(schema), "Platser", null, null);
        Assert.True(ExportFormats.GeoJson.Applies(context.Layout));
        var bytes = await Export.ToBytesAsync(ExportFormats.GeoJson, context, [["Kvarnen", new GeoPoint(58.7, 13.82)]]);
        var coordinates = JsonDocument.Parse(bytes).RootElement.GetProperty("features")[0]
            .GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal([13.82, 58.7], coordinates.EnumerateArray().Select(c => c.GetDouble()));
    }

    [Fact]
    public void Does_not_apply_to_tables_without_coordinates()
    {
        var schema = new TableSchema { Fields = [new FieldDefinition { Name = "kommun" }] };
        Assert.False(ExportFormats.GeoJson.Applies(new TableLayout(schema)));
    }

    [Fact]
    public async Task Gdal_reads_it_as_valid_geojson_with_the_right_features_and_types()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exports-test-{Guid.NewGuid():N}.geojson");
        try
        {
            await File.WriteAllBytesAsync(path, await Export.ToBytesAsync(ExportFormats.GeoJson, SampleTables.Context, SampleTables.Rows));
            var summary = await Gdal.RunAsync("ogrinfo", "-ro", "-so", "-al", path);
            Assert.Contains("Geometry: Point", summary);
            Assert.Contains("Feature Count: 3", summary);
            Assert.Contains("antal_besokare: Integer64", summary);
            Assert.Contains("vattentemperatur: Real", summary);
            Assert.Contains("provdatum: Date", summary);
            Assert.Contains("uppdaterad: DateTime", summary);
            Assert.Contains("handikappanpassad: Integer(Boolean)", summary);
            Assert.Contains("WGS 84", summary);

            // GDAL's own reading of the values, as CSV with the geometry spelled out.
            var csv = await Gdal.RunAsync("ogr2ogr", "-f", "CSV", "/vsistdout/", path, "-lco", "GEOMETRY=AS_XY");
            var records = CsvRecords.Parse(csv);
            Assert.Equal(["X", "Y", "id", "namn", "antal_besokare"], records[0][..5]);
            Assert.Equal(["12.2417", "57.6412", "SE0441273000000001", "Östra stranden, Hällingsjö", "1234", "19.5", "1",
                "2024/06/20", "2024/06/21 09:30:00+02", "08:00:00", "1968"], records[1][..11]);
            Assert.Equal(["", "", "SE0441273000000002", ""], records[2][..4]);
            Assert.Equal(["151.2093", "-33.8688"], records[3][..2]);
            Assert.Equal("9223372036854775807", records[3][4]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Output_is_streamed_while_rows_are_produced()
    {
        var (beforeLastRow, total) = await Export.MeasureStreamingAsync(ExportFormats.GeoJson, 50_000);
        Assert.True(beforeLastRow > total / 2, $"Only {beforeLastRow} of {total} bytes were written before the last row.");
    }
}
