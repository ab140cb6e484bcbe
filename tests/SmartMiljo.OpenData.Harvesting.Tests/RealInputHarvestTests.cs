using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>The real, messy files of ../shared/sample-data harvested as far as they are valid, with the rest reported.</summary>
public class RealInputHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;

    public RealInputHarvestTests() : this(StoreProvider.Sqlite) { }

    /// <summary>For the same tests on PostgreSQL (see <c>PostgresHarvestTests.cs</c>).</summary>
    protected RealInputHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_cell_padded_with_nul_characters_rejects_its_row_and_the_rest_is_published()
    {
        // Old fixed-width exports pad with U+0000, which PostgreSQL's text cannot hold: without a per-cell check
        // the whole load would fail at the database; with it, that row is reported and the others are served.
        // (A NUL within the reader's first 64 KB makes the file look binary, and it is refused whole.)
        var sample = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"))).Replace("\r\n", "\n");
        var sampleLines = sample.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = Enumerable.Range(0, 600).Select(i => "N" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + sampleLines[1 + i % 12][sampleLines[1 + i % 12].IndexOf(',')..]).ToList();
        rows[500] = rows[500].Insert(rows[500].IndexOf(',', rows[500].IndexOf(',') + 1), "\0\0\0"); // the name, padded
        Assert.Contains('\0', rows[500]);
        _server.MapFile("/nul.csv", Encoding.UTF8.GetBytes(sampleLines[0] + "\n" + string.Join('\n', rows) + "\n"), "text/csv");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "nulkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "nulkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/nul.csv").ToString(),
        });

        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("SucceededWithWarnings", run.GetProperty("status").GetString());
        Assert.Equal(599, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(1, run.GetProperty("rowsRejected").GetInt64());
        Assert.Contains("encoding-error", run.GetProperty("report").GetRawText());
        var csv = await _platform.CreateClient().GetStringAsync("/download/nulkommun/badplatser.csv");
        Assert.DoesNotContain("N0500", csv);
        Assert.Contains("N0499", csv);
        Assert.Contains("N0501", csv);
    }

    [Fact]
    public async Task Every_shared_sample_csv_is_harvested_or_explained()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "exempel", "2120001637");
        var cases = new (string File, string? Spec)[]
        {
            ("mariestad_1493_badplatser.csv", "badplatser"),
            ("harryda_1401_badplatser_utf8bom.csv", "badplatser"),
            ("osby_1273_badplatser_oldvariant.csv", "badplatser"),
            ("livsmedelsinspektioner_spec_exempel.csv", "livsmedelsinspektioner"),
            ("atervinningsstationer_sverige_stations.csv", null),
            ("scb_kommuner_municipalities.csv", null),
        };
        var outcomes = new List<string>();
        foreach (var (file, spec) in cases)
        {
            _server.MapFile("/" + file, await File.ReadAllBytesAsync(RepositoryPaths.SharedSample(file)), "text/csv");
            var slug = Path.GetFileNameWithoutExtension(file).Replace('_', '-');
            var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "exempel", new
            {
                name = file, datasetSlug = slug[..Math.Min(slug.Length, 60)].TrimEnd('-'), kind = "Csv", specificationId = spec,
                location = _server.Url("/" + file).ToString(),
            });
            var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
            var status = run.GetProperty("status").GetString();
            outcomes.Add($"{file}: {status} ({run.GetProperty("rowsAccepted").GetInt64()}/{run.GetProperty("rowsRead").GetInt64()}) {run.GetProperty("error").GetString()}");
            Assert.NotEqual("Running", status);
            Assert.False(string.IsNullOrWhiteSpace(run.GetProperty("summaryEn").GetString()));
            if (status == "Failed")
            {
                // A refusal is explained: the error in words and, when rows were read, the validation report.
                Assert.False(string.IsNullOrWhiteSpace(run.GetProperty("error").GetString()), string.Join("\n", outcomes));
                if (run.GetProperty("rowsRead").GetInt64() > 0) Assert.Equal(JsonValueKind.Object, run.GetProperty("report").ValueKind);
            }
            else
            {
                Assert.True(run.GetProperty("rowsAccepted").GetInt64() > 0, string.Join("\n", outcomes));
                Assert.Equal(System.Net.HttpStatusCode.OK, (await _platform.CreateClient().GetAsync($"/download/exempel/{slug[..Math.Min(slug.Length, 60)].TrimEnd('-')}.csv")).StatusCode);
            }
        }
        // Mariestad's file and the open registries load; Härryda's leaves the required place_id empty in
        // every row (see ORIGINS.md), so nothing of it is published and the run says why.
        Assert.All(outcomes.Where(o => o.StartsWith("mariestad") || o.StartsWith("atervinning") || o.StartsWith("scb")),
            o => Assert.DoesNotContain(": Failed", o));
        Assert.StartsWith("harryda_1401_badplatser_utf8bom.csv: Failed (0/9) The validation blocked publishing", outcomes[1]);
    }

    [Fact]
    public async Task A_windows_1252_file_labelled_utf8_is_read_with_its_letters_intact()
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _server.MapFile("/latin1.csv", Encoding.GetEncoding(1252).GetBytes(csv), "text/csv; charset=utf-8");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "kodkommun", "2120009994");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "kodkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/latin1.csv").ToString(),
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        Assert.Contains("Sjöuddens strandbad", await _platform.CreateClient().GetStringAsync("/download/kodkommun/badplatser.csv"));
    }
}
