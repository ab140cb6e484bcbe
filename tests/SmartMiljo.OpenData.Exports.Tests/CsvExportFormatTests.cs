using System.Text;

namespace SmartMiljo.OpenData.Exports.Tests;

public class CsvExportFormatTests
{
    private static async Task<string[][]> ExportAndParseAsync(IExportFormat format)
    {
        var bytes = await Export.ToBytesAsync(format, SampleTables.Context, SampleTables.Rows);
        return CsvRecords.Parse(bytes);
    }

    [Fact]
    public async Task Header_is_the_field_names_in_schema_order()
    {
        var records = await ExportAndParseAsync(ExportFormats.Csv);
        Assert.Equal(new SmartMiljo.OpenData.Core.Tabular.TableLayout(SampleTables.BathingSites).ColumnNames, records[0]);
        Assert.Equal(4, records.Length);
    }

    [Fact]
    public async Task Values_use_table_schema_notation_independent_of_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE");
        try
        {
            var row = (await ExportAndParseAsync(ExportFormats.Csv))[1];
            Assert.Equal("Östra stranden, Hällingsjö", row[1]);
            Assert.Equal("1234", row[2]);
            Assert.Equal("19.5", row[3]);
            Assert.Equal("true", row[4]);
            Assert.Equal("2024-06-20", row[5]);
            Assert.Equal("2024-06-21T09:30:00+02:00", row[6]);
            Assert.Equal("08:00:00", row[7]);
            Assert.Equal("1968", row[8]);
            Assert.Equal("57.6412", row[9]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Nulls_become_empty_cells()
    {
        var row = (await ExportAndParseAsync(ExportFormats.Csv))[2];
        Assert.Equal("SE0441273000000002", row[0]);
        Assert.All(row.Skip(1), cell => Assert.Equal("", cell));
    }

    [Fact]
    public async Task Quotes_line_breaks_big_numbers_and_utc_times_survive_a_round_trip()
    {
        var row = (await ExportAndParseAsync(ExportFormats.Csv))[3];
        Assert.Equal("Åsa \"Badet\"\r\nrad två", row[1]);
        Assert.Equal("9223372036854775807", row[2]);
        Assert.Equal(0.1 + 0.2, double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2024-12-24T23:59:59.123Z", row[6]);
        Assert.Equal("23:59:30.5", row[7]);
        Assert.Equal(DateTimeOffset.Parse("2024-12-24T23:59:59.123Z"), DateTimeOffset.Parse(row[6]));
    }

    [Fact]
    public async Task Plain_csv_is_utf8_without_bom_with_crlf_line_ends()
    {
        var bytes = await Export.ToBytesAsync(ExportFormats.Csv, SampleTables.Context, SampleTables.Rows);
        Assert.NotEqual(0xEF, bytes[0]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.StartsWith("id,namn,antal_besokare,", text);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "").Replace("rad två", ""));
    }

    [Fact]
    public async Task Excel_variant_is_the_same_text_behind_a_byte_order_mark()
    {
        var plain = await Export.ToBytesAsync(ExportFormats.Csv, SampleTables.Context, SampleTables.Rows);
        var excel = await Export.ToBytesAsync(ExportFormats.CsvForExcel, SampleTables.Context, SampleTables.Rows);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, excel[..3]);
        Assert.Equal(plain, excel[3..]);
        Assert.NotEqual(ExportFormats.Csv.Extension, ExportFormats.CsvForExcel.Extension);
    }

    [Fact]
    public async Task Missing_values_use_the_schemas_own_marker()
    {
        var schema = SampleTables.BathingSites with { MissingValues = ["-", ""] };
        var context = SampleTables.Context with { Layout = new Core.Tabular.TableLayout(schema) };
        var text = Encoding.UTF8.GetString(await Export.ToBytesAsync(ExportFormats.Csv, context, SampleTables.Rows));
        Assert.Contains("SE0441273000000002,-,-,-,-,-,-,-,-,-,-\r\n", text);
    }

    [Fact]
    public async Task Rows_that_do_not_match_the_schema_are_reported()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Export.ToBytesAsync(ExportFormats.Csv, SampleTables.Context, [["only one value"]]));
        Assert.Contains("1 values", error.Message);
    }

    [Fact]
    public async Task Output_is_streamed_while_rows_are_produced()
    {
        var (beforeLastRow, total) = await Export.MeasureStreamingAsync(ExportFormats.Csv, 100_000);
        Assert.True(beforeLastRow > total / 2, $"Only {beforeLastRow} of {total} bytes were written before the last row.");
    }

    private static readonly object?[][] FormulaRows =
    [
        ["SE0441273000000001", "=HYPERLINK(\"http://evil.example\",\"Klicka\")", 1L, null, null, null, null, null, null, null, null],
        ["SE0441273000000002", "+SUM(1,2)", -5L, -1.5, null, null, null, null, null, null, null],
        ["SE0441273000000003", "-2+3", 2L, null, null, null, null, null, null, null, null],
        ["SE0441273000000004", "@cmd", 3L, null, null, null, null, null, null, null, null],
        ["SE0441273000000005", "\tflik", 4L, null, null, null, null, null, null, null, null],
        ["SE0441273000000006", "\rretur", 5L, null, null, null, null, null, null, null, null],
        ["SE0441273000000007", "Vanlig = text", 6L, null, null, null, null, null, null, null, null],
    ];

    [Fact]
    public async Task Text_that_excel_would_run_as_a_formula_is_quoted_in_the_excel_file_only()
    {
        var excel = CsvRecords.Parse(await Export.ToBytesAsync(ExportFormats.CsvForExcel, SampleTables.Context, FormulaRows));
        Assert.Equal(["'=HYPERLINK(\"http://evil.example\",\"Klicka\")", "'+SUM(1,2)", "'-2+3", "'@cmd", "'\tflik", "'\rretur", "Vanlig = text"],
            excel.Skip(1).Select(r => r[1]));
        // Numbers are numbers, not text: a negative count stays as it is.
        Assert.Equal("-5", excel[2][2]);
        Assert.Equal("-1.5", excel[2][3]);

        // The plain CSV is the data exactly.
        var plain = CsvRecords.Parse(await Export.ToBytesAsync(ExportFormats.Csv, SampleTables.Context, FormulaRows));
        Assert.Equal(FormulaRows.Select(r => (string)r[1]!), plain.Skip(1).Select(r => r[1]));
    }
}
