using System.Text.Json;
using SmartMiljo.OpenData.Cli;

namespace SmartMiljo.OpenData.Specifications.Tests;

public sealed class ExportCliTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"smartmiljo-export-test-{Guid.NewGuid():N}");

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["export", .. args, "--specs", TestFiles.SpecsDirectory], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_valid_file_becomes_every_download_format_with_its_report()
    {
        var demo = Path.Combine(TestFiles.RepositoryRoot, "samples", "exempelkommun_badplatser.csv");
        var (exit, _, error) = await Run(demo, "--spec", "badplatser", "--out", _out, "--name", "bad");

        Assert.Equal(CliApp.ExitOk, exit);
        Assert.Equal("", error);
        foreach (var ext in new[] { "csv", "excel.csv", "json", "geojson", "xlsx", "parquet", "zip", "report.json" })
            Assert.True(new FileInfo(Path.Combine(_out, $"bad.{ext}")).Length > 0, ext);
        var csvRows = File.ReadAllLines(Path.Combine(_out, "bad.csv")).Length - 1;
        var demoRows = File.ReadAllLines(demo).Length - 1;
        Assert.Equal(demoRows, csvRows);
    }

    [Fact]
    public async Task Without_a_specification_the_schema_is_inferred_and_invalid_rows_are_left_out_and_reported()
    {
        var hav = TestFiles.Sample("hav_active_bathing_waters_crs84.geojson");
        var (exit, _, _) = await Run(hav, "--out", _out, "--formats", "csv,geojson", "--name", "hav");

        Assert.Equal(CliApp.ExitInvalid, exit); // the registry has points at 0,0 and latitude 90
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "hav.report.json"))).RootElement;
        var valid = report.GetProperty("rowsValid").GetInt64();
        var invalid = report.GetProperty("rowsInvalid").GetInt64();
        Assert.True(invalid > 0);
        Assert.Equal(valid, File.ReadAllLines(Path.Combine(_out, "hav.csv")).Length - 1);
        var features = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "hav.geojson"))).RootElement.GetProperty("features");
        Assert.Equal(valid, features.GetArrayLength());
        // Waters the registry placed at (0, 0) have no known position: they stay, without a geometry.
        var placed = features.EnumerateArray().Where(f => f.GetProperty("geometry").ValueKind == JsonValueKind.Object).ToList();
        Assert.NotEmpty(placed);
        Assert.All(placed, f => Assert.InRange(f.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble(), 55.0, 69.2));
        Assert.False(File.Exists(Path.Combine(_out, "hav.xlsx")));
    }

    [Fact]
    public async Task Unknown_formats_and_missing_files_exit_2_with_a_message()
    {
        var (exit, _, error) = await Run(TestFiles.Sample("mariestad_1493_badplatser.csv"), "--out", _out, "--formats", "csv,docx");
        Assert.Equal(CliApp.ExitUnreadable, exit);
        Assert.Contains("docx", error);
        (exit, _, error) = await Run("/no/such/file.csv", "--out", _out);
        Assert.Equal(CliApp.ExitUnreadable, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    public void Dispose()
    {
        try { Directory.Delete(_out, recursive: true); } catch (IOException) { }
    }
}
