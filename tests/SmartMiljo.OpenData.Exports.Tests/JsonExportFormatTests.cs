using System.Text.Json;

namespace SmartMiljo.OpenData.Exports.Tests;

public class JsonExportFormatTests
{
    [Fact]
    public async Task Is_an_array_of_objects_with_native_types_and_nulls()
    {
        var bytes = await Export.ToBytesAsync(ExportFormats.Json, SampleTables.Context, SampleTables.Rows);
        var rows = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        Assert.Equal(3, rows.GetArrayLength());
        var first = rows[0];
        Assert.Equal(new SmartMiljo.OpenData.Core.Tabular.TableLayout(SampleTables.BathingSites).ColumnNames, first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Östra stranden, Hällingsjö", first.GetProperty("namn").GetString());
        Assert.Equal(19.5, first.GetProperty("vattentemperatur").GetDouble());
        Assert.Equal(JsonValueKind.True, first.GetProperty("handikappanpassad").ValueKind);
        Assert.Equal("2024-06-21T09:30:00+02:00", first.GetProperty("uppdaterad").GetString());
        Assert.All(rows[1].EnumerateObject().Skip(1), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.Equal(long.MaxValue, rows[2].GetProperty("antal_besokare").GetInt64());
        Assert.Equal("Åsa \"Badet\"\r\nrad två", rows[2].GetProperty("namn").GetString());
    }

    [Fact]
    public async Task Swedish_letters_are_written_as_utf8_not_escapes()
    {
        var text = System.Text.Encoding.UTF8.GetString(await Export.ToBytesAsync(ExportFormats.Json, SampleTables.Context, SampleTables.Rows));
        Assert.Contains("\"namn\":\"Östra stranden, Hällingsjö\"", text);
    }

    [Fact]
    public async Task Non_finite_numbers_have_no_json_form_and_become_null()
    {
        var row = SampleTables.Rows[0].ToArray();
        row[3] = double.NaN;
        var rows = JsonDocument.Parse(await Export.ToBytesAsync(ExportFormats.Json, SampleTables.Context, [row])).RootElement;
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("vattentemperatur").ValueKind);
    }

    [Fact]
    public async Task Output_is_streamed_while_rows_are_produced()
    {
        var (beforeLastRow, total) = await Export.MeasureStreamingAsync(ExportFormats.Json, 50_000);
        Assert.True(beforeLastRow > total / 2, $"Only {beforeLastRow} of {total} bytes were written before the last row.");
    }
}
