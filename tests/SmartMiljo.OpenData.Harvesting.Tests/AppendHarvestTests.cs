using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Append mode (issue 15's proof): hourly sensor readings harvested 24 times accumulate by the specification's key
/// (station, time, pollutant) instead of replacing the dataset; every reading is kept once and OData's count is the sum.
/// </summary>
public class AppendHarvestTests : IAsyncLifetime
{
    private const int Stations = 2_500;
    private static readonly string[] Pollutants = ["NO2", "PM10", "PM2.5", "O3"];
    private const int ReadingsPerHour = Stations * 4;

    /// <summary>Each file repeats this many of the previous hour's readings, revised (verified): the overlap a
    /// rolling export has, which must update rows and never duplicate them.</summary>
    private const int Revised = 1_000;

    private static readonly DateTimeOffset FirstHour = new(2026, 12, 6, 0, 0, 0, TimeSpan.FromHours(1));

    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public AppendHarvestTests() : this(StoreProvider.Sqlite) { }

    /// <summary>Downloads in CSV only, unbundled and uncompressed: the test is about the rows, and 24 runs of every
    /// format over a table growing to 240,000 rows would take most of its time.</summary>
    protected AppendHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider, services: services =>
        services.AddSingleton(sp => new DownloadGenerator(sp.GetRequiredService<IDownloadStore>(), [ExportFormats.Csv], precompress: false, bundle: false)));

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private static void Reading(StringBuilder csv, int hour, int index, bool revised)
    {
        var station = index / Pollutants.Length;
        var time = FirstHour.AddHours(hour).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var value = (station % 50 + index % Pollutants.Length * 7 + hour) * 0.5 + (revised ? 0.25 : 0);
        csv.Append(CultureInfo.InvariantCulture,
            $"ST{station:D5},Station {station},0880,{56.60 + station * 1e-4:0.0000},{16.30 + station * 1e-4:0.0000},{time},timme,{Pollutants[index % Pollutants.Length]},{value:0.00},µg/m3,{(revised ? "granskad" : "preliminär")}\n");
    }

    /// <summary>Hour <paramref name="hour"/>'s readings, after the first <see cref="Revised"/> of the hour before, revised.</summary>
    private static byte[] HourFile(int hour)
    {
        var csv = new StringBuilder("station_id,station_namn,kommunkod,latitude,longitude,tidpunkt,medelvardestid,amne,varde,enhet,status\n");
        if (hour > 0)
            for (var i = 0; i < Revised; i++) Reading(csv, hour - 1, i, revised: true);
        for (var i = 0; i < ReadingsPerHour; i++) Reading(csv, hour, i, revised: false);
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private async Task<(HttpClient Admin, Guid Source)> AppendingSourceAsync(string org, object settings)
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Luftkvalitet per timme", datasetSlug = "luft", kind = "Csv", location = _server.Url($"/{org}/luft.csv").ToString(),
            specificationId = "luftkvalitet", settings,
        });
        return (admin, source);
    }

    private async Task<long> CountAsync(string org, string? filter = null) =>
        (await _platform.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/odata/{org}/luft?$count=true&$top=0" + (filter is null ? "" : "&$filter=" + Uri.EscapeDataString(filter))))
        .GetProperty("@odata.count").GetInt64();

    private static void AssertPublished(JsonElement run) =>
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());

    [Fact]
    public async Task Twenty_four_hourly_harvests_of_ten_thousand_readings_keep_every_reading_once_and_the_count_is_the_sum()
    {
        var (admin, source) = await AppendingSourceAsync("luftkommun", new { mode = "Append" });
        for (var hour = 0; hour < 24; hour++)
        {
            _server.MapFile("/luftkommun/luft.csv", HourFile(hour), "text/csv");
            var run = await HarvestPlatform.HarvestAsync(admin, source, TimeSpan.FromMinutes(3));
            AssertPublished(run);
            Assert.Equal(hour == 0 ? ReadingsPerHour : ReadingsPerHour + Revised, run.GetProperty("rowsAccepted").GetInt64());
            // Readers see the whole of each published version: the readings so far, each once.
            Assert.Equal((hour + 1L) * ReadingsPerHour, await CountAsync("luftkommun"));
        }

        Assert.Equal(24L * ReadingsPerHour, await CountAsync("luftkommun"));
        // Every hour holds its own readings once; the revised ones were updated in place, not added.
        foreach (var hour in new[] { 0, 11, 23 })
        {
            var time = FirstHour.AddHours(hour).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            Assert.Equal(ReadingsPerHour, await CountAsync("luftkommun", $"tidpunkt eq {time}"));
            Assert.Equal(hour == 23 ? 0 : Revised, await CountAsync("luftkommun", $"tidpunkt eq {time} and status eq 'granskad'"));
        }
        // The independent view: the published CSV download holds each key once.
        var csv = await _platform.CreateClient().GetStringAsync("/download/luftkommun/luft.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(24 * ReadingsPerHour, lines.Count);
        Assert.Equal(lines.Count, lines.Select(l => string.Join(',', l.Split(',') is var c ? new[] { c[0], c[5], c[7] } : [])).Distinct().Count());
        var one = await _platform.CreateClient().GetFromJsonAsync<JsonElement>(
            "/odata/luftkommun/luft?$filter=" + Uri.EscapeDataString("station_id eq 'ST00000' and amne eq 'NO2' and tidpunkt eq 2026-12-06T05:00:00+01:00"));
        var reading = Assert.Single(one.GetProperty("value").EnumerateArray());
        Assert.Equal(2.75, reading.GetProperty("varde").GetDouble()); // (0 + 0 + 5) * 0.5 + 0.25: the revision won
        Assert.Equal("granskad", reading.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Keep_mode_leaves_a_published_reading_as_it_was_and_still_adds_the_new_ones()
    {
        var (admin, source) = await AppendingSourceAsync("behallkommun", new { mode = "Append", existingRows = "Keep" });
        _server.MapFile("/behallkommun/luft.csv", HourFile(0), "text/csv");
        AssertPublished(await HarvestPlatform.HarvestAsync(admin, source));
        _server.MapFile("/behallkommun/luft.csv", HourFile(1), "text/csv");
        AssertPublished(await HarvestPlatform.HarvestAsync(admin, source));

        Assert.Equal(2L * ReadingsPerHour, await CountAsync("behallkommun"));
        Assert.Equal(0, await CountAsync("behallkommun", "status eq 'granskad'"));
    }

    [Fact]
    public async Task Replace_mode_is_still_the_default_and_a_harvest_replaces_the_readings()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "ersattkommun", "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, "ersattkommun", new
        {
            name = "Luftkvalitet", datasetSlug = "luft", kind = "Csv", location = _server.Url("/ersattkommun/luft.csv").ToString(), specificationId = "luftkvalitet",
        });
        _server.MapFile("/ersattkommun/luft.csv", HourFile(0), "text/csv");
        AssertPublished(await HarvestPlatform.HarvestAsync(admin, source));
        _server.MapFile("/ersattkommun/luft.csv", HourFile(1), "text/csv");
        AssertPublished(await HarvestPlatform.HarvestAsync(admin, source));
        Assert.Equal(ReadingsPerHour + Revised, await CountAsync("ersattkommun"));
    }

    [Fact]
    public async Task Appending_without_a_key_fails_the_run_with_a_plain_reason_and_publishes_nothing()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "nyckellos", "2120000787");
        _server.MapFile("/nyckellos/luft.csv", HourFile(0), "text/csv");
        var source = await HarvestPlatform.CreateSourceAsync(admin, "nyckellos", new
        {
            name = "Luft utan specifikation", datasetSlug = "luft", kind = "Csv", location = _server.Url("/nyckellos/luft.csv").ToString(),
            settings = new { mode = "Append" },
        });
        var run = await HarvestPlatform.HarvestAsync(admin, source);
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("primaryKey", run.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.CreateClient().GetAsync("/odata/nyckellos/luft?$count=true")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_when_the_source_is_registered()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "felkommun", "2120000787");
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/felkommun/sources", new
        {
            name = "Luft", datasetSlug = "luft", kind = "Csv", location = _server.Url("/felkommun/luft.csv").ToString(),
            specificationId = "luftkvalitet", settings = new { mode = "Accumulate" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
    }
}

public sealed class PostgresAppendHarvestTests() : AppendHarvestTests(StoreProvider.Postgres);
