using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using SmartMiljo.OpenData.Exports.Formats;

namespace SmartMiljo.OpenData.Exports.Tests;

public class XlsxExportFormatTests
{
    private static async Task<byte[]> ExportAsync(IExportFormat? format = null, IEnumerable<object?[]>? rows = null) =>
        await Export.ToBytesAsync(format ?? ExportFormats.Xlsx, SampleTables.Context, rows ?? SampleTables.Rows);

    private static Dictionary<string, Cell> CellsByReference(Worksheet sheet) =>
        sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);

    private static string TextOf(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

    [Fact]
    public async Task Opens_with_the_open_xml_sdk_and_passes_its_schema_validation()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync()), isEditable: false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        Assert.Equal(["Data", "Kolumner (Columns)"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Equal("Badplatser i Härryda", document.PackageProperties.Title);
    }

    [Fact]
    public async Task Cells_are_typed_and_keep_swedish_text()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync()), isEditable: false);
        var workbook = document.WorkbookPart!;
        var cells = CellsByReference(((WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!)).Worksheet);

        // The header row has the column names every format uses; the columns sheet keeps the source's headers.
        Assert.Equal("antal_besokare", TextOf(cells["C1"]));
        var columns = CellsByReference(((WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Last().Id!)).Worksheet);
        Assert.Equal("antal_besokare", TextOf(columns["A4"]));
        Assert.Equal("antal_besökare", TextOf(columns["B4"]));
        Assert.Equal("integer", TextOf(columns["C4"]));
        Assert.Equal("Östra stranden, Hällingsjö", TextOf(cells["B2"]));
        Assert.Equal("1234", cells["C2"].CellValue!.Text);
        Assert.Null(cells["C2"].DataType);
        Assert.Equal(19.5, double.Parse(cells["D2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CellValues.Boolean, cells["E2"].DataType!.Value);
        // Excel serial dates: 2024-06-20 is day 45463; 09:30 is 0.395833… of a day.
        Assert.Equal(45463, double.Parse(cells["F2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(45464 + 9.5 / 24, double.Parse(cells["G2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(8.0 / 24, double.Parse(cells["H2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task Nulls_are_absent_cells_and_big_integers_stay_exact_as_text()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync()), isEditable: false);
        var cells = CellsByReference(DataSheet(document));
        Assert.True(cells.ContainsKey("A3"));
        Assert.DoesNotContain(cells.Keys, key => key.EndsWith('3') && key != "A3");
        Assert.Equal("9223372036854775807", TextOf(cells["C4"]));
        Assert.Equal(CellValues.InlineString, cells["C4"].DataType!.Value);
        Assert.Equal("Åsa \"Badet\"\nrad två", TextOf(cells["B4"]));
        // Before 1900-03-01 Excel serials are wrong, so the date is kept as ISO text.
        Assert.Equal("1900-01-01", TextOf(cells["F4"]));
    }

    [Fact]
    public async Task Gdal_reads_the_workbook_with_the_same_values()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exports-test-{Guid.NewGuid():N}.xlsx");
        try
        {
            await File.WriteAllBytesAsync(path, await ExportAsync());
            var csv = CsvRecords.Parse(await Gdal.RunAsync("ogr2ogr", "-f", "CSV", "/vsistdout/", path, "Data", "-oo", "HEADERS=FORCE"));
            Assert.Equal(new SmartMiljo.OpenData.Core.Tabular.TableLayout(SampleTables.BathingSites).ColumnNames, csv[0]);
            Assert.Equal(["SE0441273000000001", "Östra stranden, Hällingsjö", "1234", "19.5", "1", "2024/06/20",
                "2024/06/21 09:30:00", "08:00:00", "1968", "57.6412", "12.2417"], csv[1]);
            Assert.Equal(4, csv.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_kept_exactly_as_quoted_text()
    {
        var rows = new object?[][]
        {
            ["=HYPERLINK(\"http://evil.example\")", "@cmd", -5L, null, null, null, null, null, null, null, null],
            ["Vanlig text", "-2+3", 5L, null, null, null, null, null, null, null, null],
        };
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync(rows: rows)), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var cells = CellsByReference(DataSheet(document));
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool Quoted(Cell cell) => cell.StyleIndex is { } s && formats[(int)s.Value].QuotePrefix?.Value == true;

        // The value stays exact; Excel's leading apostrophe (quotePrefix) keeps it text even when the cell is edited.
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", TextOf(cells["A2"]));
        Assert.Null(cells["A2"].CellFormula);
        Assert.True(Quoted(cells["A2"]));
        Assert.True(Quoted(cells["B2"]));
        Assert.True(Quoted(cells["B3"]));
        Assert.False(Quoted(cells["A3"]));
        Assert.False(Quoted(cells["C2"])); // a negative number is a number
        Assert.Equal("-5", TextOf(cells["C2"]));
    }

    [Fact]
    public async Task Text_that_xml_cannot_carry_or_excel_would_decode_is_made_safe()
    {
        var rows = new object?[][]
        {
            ["a\u0001b", "literal _x0041_ stays", null, null, null, null, null, null, null, null, null],
        };
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync(rows: rows)), isEditable: false);
        var cells = CellsByReference(DataSheet(document));
        Assert.Equal("ab", TextOf(cells["A2"]));
        Assert.Equal("literal _x005F_x0041_ stays", TextOf(cells["B2"]));
    }

    [Fact]
    public async Task Rows_beyond_the_sheet_limit_continue_on_a_second_sheet_with_a_header()
    {
        var smallSheets = new XlsxExportFormat(maxRowsPerSheet: 3);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await ExportAsync(smallSheets)), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var workbook = document.WorkbookPart!;
        var names = workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["Data", "Data 2", "Kolumner (Columns)"], names);
        var second = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().ElementAt(1).Id!);
        var cells = CellsByReference(second.Worksheet);
        Assert.Equal("id", TextOf(cells["A1"]));
        Assert.Equal("SE0441273000000003", TextOf(cells["A2"]));
    }

    [Fact]
    public async Task Output_is_streamed_while_rows_are_produced()
    {
        var (beforeLastRow, total) = await Export.MeasureStreamingAsync(ExportFormats.Xlsx, 100_000);
        Assert.True(beforeLastRow > total / 2, $"Only {beforeLastRow} of {total} bytes were written before the last row.");
    }

    /// <summary>The first sheet ("Data"); the workbook also has the columns sheet.</summary>
    private static Worksheet DataSheet(SpreadsheetDocument document) =>
        ((WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!)).Worksheet;
}
