using System.Text;
using SmartMiljo.OpenData.Cli;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>One registry of tabular readers: the format comes from the content, the name only
/// settles what the content leaves open; the CLI reads workbooks and GeoJSON through it.</summary>
public sealed class TabularReadersTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("PK\u0003\u0004rest", "data.csv", TabularFormat.Xlsx)]         // a workbook misnamed
    [InlineData("  {\"type\":\"FeatureCollection\"}", "data.txt", TabularFormat.GeoJson)]
    [InlineData("\uFEFF[", null, TabularFormat.GeoJson)]
    [InlineData("namn;ort\nA;B\n", "data.xlsx", TabularFormat.Csv)]          // text is CSV, whatever its name
    [InlineData("", "data.xlsx", TabularFormat.Xlsx)]                         // nothing to go on: the name decides
    [InlineData("", "data.geojson", TabularFormat.GeoJson)]
    [InlineData("", "data", TabularFormat.Csv)]
    public void The_format_is_told_from_the_content_first(string head, string? name, TabularFormat expected) =>
        Assert.Equal(expected, TabularReaders.Sniff(Encoding.UTF8.GetBytes(head), name));

    [Fact]
    public async Task The_cli_validates_a_workbook_through_the_registry()
    {
        var path = _dir.Combine("platser.xlsx");
        XlsxStreamingTests.WriteWorkbook(path, w =>
        {
            w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>");
            w.Write("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>3</v></c></row>");
            w.Write("<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\"><v>4</v></c></row>");
            return ["name", "n", "Ängen", "Kontakt 19121212-1212"];
        });
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["validate", path, "--spec", "badplatser", "--specs", TestFiles.SpecsDirectory, "--format", "json"], output, error);
        Assert.True(exit is CliApp.ExitOk or CliApp.ExitInvalid, error.ToString());
        var report = ValidationReport.FromJson(output.ToString());
        Assert.Equal("XLSX", report.Facts["format"]);

        // The same file through the registry and the validator: its rows are read, and the
        // personnummer in the sheet's text blocks it, masked.
        // (The CLI reads the first sheet; the test workbook keeps its table on the second, "Data".)
        await using var source = await TabularReaders.OpenAsync(path, new TabularReadOptions { Sheet = "Data" });
        var checkedReport = await new TableValidator().ValidateAsync(source, Validate.Schema(Validate.Field("name"), Validate.Field("n")), NullRowSink.Instance);
        Assert.Equal(2, checkedReport.RowsRead);
        Assert.Contains(checkedReport.Errors, e => e.Code == IssueCodes.PersonalData && e.Value == "Kontakt 19121212-****");
        Assert.DoesNotContain("1212-1212", checkedReport.ToJson());
        Assert.DoesNotContain("1212-1212", output.ToString());
    }
}
