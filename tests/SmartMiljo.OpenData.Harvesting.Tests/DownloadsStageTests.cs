using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Publishing is the switch; download files follow in their own stage. When that stage fails the version
/// stays published and its downloads are streamed from the row table, and the next harvest of the
/// unchanged source generates the missing files.
/// </summary>
public sealed class DownloadsStageTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new();
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private static IEnumerable<(string Stage, string Outcome)> Stages(JsonElement run) =>
        run.GetProperty("stages").EnumerateArray().Select(s => (s.GetProperty("stage").GetString()!, s.GetProperty("outcome").GetString()!));

    [Fact]
    public async Task A_failed_downloads_stage_leaves_the_version_published_and_the_next_harvest_generates_the_files()
    {
        var admin = _platform.Admin();
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _server.MapFile("/bad.csv", csv, "text/csv");
        await HarvestPlatform.CreateOrganisationAsync(admin, "filkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "filkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/bad.csv").ToString(),
        });

        // A file where the organisation's download folder belongs: every download write fails for real.
        var blocker = Path.Combine(_platform.Data.Path, "downloads", "filkommun");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        await File.WriteAllTextAsync(blocker, "not a folder");

        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("SucceededWithWarnings", first.GetProperty("status").GetString());
        Assert.True(first.GetProperty("degraded").GetBoolean());
        Assert.Contains(("Publish", "Succeeded"), Stages(first));
        Assert.Contains(("Downloads", "Failed"), Stages(first));
        Assert.Contains("download files could not be generated", first.GetProperty("summaryEn").GetString());
        Assert.DoesNotContain("Quality has dropped", first.GetProperty("summaryEn").GetString());

        // Published all the same: OData answers, and every download is streamed from the row table.
        var client = _platform.CreateClient();
        var odata = await client.GetFromJsonAsync<JsonElement>("/odata/filkommun/badplatser?$count=true");
        Assert.Equal(12, odata.GetProperty("@odata.count").GetInt32());
        var live = await client.GetAsync("/download/filkommun/badplatser.csv");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("no-store", live.Headers.CacheControl!.ToString());
        Assert.True(live.Headers.ETag!.IsWeak);
        var liveCsv = await live.Content.ReadAsStringAsync();
        Assert.Equal(13, liveCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/download/filkommun/badplatser.zip")).StatusCode);

        // The unchanged source is not loaded again, but its missing files are generated.
        File.Delete(blocker);
        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", second.GetProperty("status").GetString());
        Assert.False(second.GetProperty("degraded").GetBoolean());
        Assert.Contains(("Downloads", "Succeeded"), Stages(second));
        Assert.DoesNotContain(Stages(second), s => s.Stage is "Validate" or "Publish");

        var stored = await client.GetAsync("/download/filkommun/badplatser.csv");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.False(stored.Headers.ETag!.IsWeak);
        Assert.Equal(liveCsv, await stored.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(_platform.Data.Path, "downloads", "filkommun", "badplatser", "v1.parquet")));

        // Complete now: a third harvest has nothing to do.
        var third = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", third.GetProperty("status").GetString());
        Assert.DoesNotContain(Stages(third), s => s.Stage == "Downloads");
    }

    [Fact]
    public async Task Files_lost_from_the_store_are_served_on_the_fly_and_regenerated_by_the_next_harvest()
    {
        var admin = _platform.Admin();
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _server.MapFile("/lost.csv", csv, "text/csv");
        await HarvestPlatform.CreateOrganisationAsync(admin, "tappkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "tappkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/lost.csv").ToString(),
        });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        Assert.Contains(("Downloads", "Succeeded"), Stages(first));

        var client = _platform.CreateClient();
        var original = await client.GetByteArrayAsync("/download/tappkommun/badplatser.geojson");
        var file = Path.Combine(_platform.Data.Path, "downloads", "tappkommun", "badplatser", "v1.geojson");
        File.Delete(file);
        foreach (var variant in new[] { ".br", ".gz" }) File.Delete(file + variant);

        var live = await client.GetAsync("/download/tappkommun/badplatser.geojson");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(original, await live.Content.ReadAsByteArrayAsync());

        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", second.GetProperty("status").GetString());
        Assert.Contains(("Downloads", "Succeeded"), Stages(second));
        // GeoJSON is stored only as its .gz (StoredDownloads).
        Assert.False(File.Exists(file));
        await using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(file + ".gz"), System.IO.Compression.CompressionMode.Decompress);
        using var regenerated = new MemoryStream();
        await gzip.CopyToAsync(regenerated);
        Assert.Equal(original, regenerated.ToArray());
    }
}
