using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>Issue 17: the "CSV for Excel" file opens as columns in Excel with a Swedish locale: <c>;</c>
/// between cells, decimal commas, UTF-8 with a byte-order mark. Read back with the BCL's own parser set to
/// <c>;</c>, as Swedish Excel splits it.</summary>
public class SwedishExcelCsvFormatTests
{
    private static string[][] ParseSemicolons(byte[] bytes)
    {
        using var parser = new TextFieldParser(new MemoryStream(bytes), Encoding.UTF8, detectEncoding: true)
        {
            TextFieldType = FieldType.Delimited,
            Delimiters = [";"],
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        var records = new List<string[]>();
        while (!parser.EndOfData) records.Add(parser.ReadFields()!);
        return records.ToArray();
    }

    private static Task<byte[]> ExportAsync(IEnumerable<object?[]>? rows = null) =>
        Export.ToBytesAsync(ExportFormats.CsvForSwedishExcel, SampleTables.Context, rows ?? SampleTables.Rows);

    [Fact]
    public async Task Every_row_splits_into_the_schemas_columns_on_semicolons_with_decimal_commas()
    {
        var bytes = await ExportAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var records = ParseSemicolons(bytes);
        // The OData identifiers, as in every format (the source's headers are titles).
        Assert.Equal(SampleTables.Layout.ColumnNames, records[0]);
        Assert.All(records, r => Assert.Equal(SampleTables.BathingSites.Fields.Count, r.Length));

        var row = records[1];
        Assert.Equal("Östra stranden, Hällingsjö", row[1]); // a comma in text is just text here
        Assert.Equal("1234", row[2]);
        Assert.Equal("19,5", row[3]);
        Assert.Equal("57,6412", row[9]);
        Assert.Equal("12,2417", row[10]);
        Assert.Equal("2024-06-20", row[5]);
        Assert.Equal(19.5, double.Parse(row[3], CultureInfo.GetCultureInfo("sv-SE")));

        // Nulls are empty cells; quotes and line breaks survive.
        Assert.All(records[2].Skip(1), cell => Assert.Equal("", cell));
        Assert.Equal("Åsa \"Badet\"\r\nrad två", records[3][1]);
        Assert.Equal(0.1 + 0.2, double.Parse(records[3][3], CultureInfo.GetCultureInfo("sv-SE")));
    }

    [Fact]
    public async Task The_file_is_the_same_whatever_the_servers_culture_and_the_plain_csv_keeps_commas_and_points()
    {
        var before = CultureInfo.CurrentCulture;
        byte[] english;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            english = await ExportAsync();
        }
        finally { CultureInfo.CurrentCulture = before; }
        Assert.Equal(english, await ExportAsync());

        var plain = CsvRecords.Parse(await Export.ToBytesAsync(ExportFormats.Csv, SampleTables.Context, SampleTables.Rows));
        Assert.Equal("19.5", plain[1][3]);
        Assert.Contains(ExportFormats.All, f => ReferenceEquals(f, ExportFormats.CsvForSwedishExcel));
        Assert.Equal("excel-sv.csv", ExportFormats.CsvForSwedishExcel.Extension);
    }

    [Fact]
    public async Task Semicolons_in_text_are_quoted_negative_decimals_keep_a_plain_minus_and_formulas_stay_text()
    {
        object?[] row = ["id;1", "=HYPERLINK(\"http://example.se\")", -3L, -1.25, true, null, null, null, null, null, null];
        var records = ParseSemicolons(await ExportAsync([row]));
        Assert.Equal("id;1", records[1][0]);
        Assert.Equal("'=HYPERLINK(\"http://example.se\")", records[1][1]);
        Assert.Equal("-3", records[1][2]);
        Assert.Equal("-1,25", records[1][3]);
    }
}
