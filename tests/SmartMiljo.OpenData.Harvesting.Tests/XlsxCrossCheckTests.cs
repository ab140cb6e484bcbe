using System.Globalization;
using ClosedXML.Excel;
using SmartMiljo.OpenData.Specifications.Reading.Xlsx;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>The streaming XLSX reader against an independent one: workbooks written by ClosedXML
/// (as Excel users' files are shaped) read the same through ClosedXML's whole-workbook model, which
/// the harvester used before, and through the streaming reader.</summary>
public sealed class XlsxCrossCheckTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_workbook_of_every_cell_kind_reads_the_same_as_through_closedxml()
    {
        var path = _dir.Combine("kinds.xlsx");
        var random = new Random(7);
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("Data");
            string[] header = ["namn", "antal", "djup", "datum", "tid", "öppen", "formel", "tidpunkt"];
            for (var c = 0; c < header.Length; c++) sheet.Cell(3, c + 2).Value = header[c];
            for (var r = 4; r < 400; r++)
            {
                if (r % 37 == 0) continue; // blank rows
                sheet.Cell(r, 2).Value = random.Next(5) == 0 ? "" : $"Plats {random.Next(50)} – å ä ö \"citat\" <tagg> &";
                sheet.Cell(r, 3).Value = random.Next(-1000, 1000);
                sheet.Cell(r, 4).Value = Math.Round(random.NextDouble() * 100, random.Next(0, 6));
                sheet.Cell(r, 5).Value = new DateTime(2000, 1, 1).AddDays(random.Next(10_000));
                sheet.Cell(r, 6).Value = TimeSpan.FromMinutes(random.Next(1440));
                sheet.Cell(r, 7).Value = random.Next(2) == 0;
                sheet.Cell(r, 8).FormulaA1 = $"C{r}*2";
                sheet.Cell(r, 9).Value = new DateTime(2024, 1, 1).AddMinutes(random.Next(500_000));
            }
            // Excel stores each formula's last result beside it; the reader shows that result.
            workbook.SaveAs(path, new SaveOptions { EvaluateFormulasBeforeSaving = true });
        }

        var expected = new List<string>();
        using (var workbook = new XLWorkbook(path))
        {
            var sheet = workbook.Worksheet("Data");
            var used = sheet.RangeUsed()!;
            for (var r = used.FirstRow().RowNumber(); r <= used.LastRow().RowNumber(); r++)
            {
                var cells = Enumerable.Range(used.FirstColumn().ColumnNumber(), 8).Select(c => ClosedXmlText(sheet.Cell(r, c))).ToArray();
                if (cells.All(c => c.Length == 0)) continue;
                expected.Add(string.Join("|", cells));
            }
        }

        var actual = new List<string>();
        await using (var source = XlsxTabularSource.Open(path, "Data", long.MaxValue))
        {
            actual.Add(string.Join("|", source.Header));
            while (await source.ReadAsync() is { } record) actual.Add(string.Join("|", record.Cells));
        }
        Assert.Equal(expected, actual);
    }

    /// <summary>How the harvester turned a ClosedXML cell into text before the streaming reader.</summary>
    private static string ClosedXmlText(IXLCell cell)
    {
        if (cell.IsEmpty()) return "";
        return cell.DataType switch
        {
            XLDataType.Number => cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            XLDataType.Boolean => cell.GetBoolean() ? "true" : "false",
            XLDataType.DateTime => cell.GetDateTime() is var d && d.TimeOfDay == TimeSpan.Zero
                ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            XLDataType.TimeSpan => cell.GetTimeSpan().ToString("c", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
    }
}
