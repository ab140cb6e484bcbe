using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>Failed and degraded runs are visible in the run list and raise a notice (later to be mailed).</summary>
public class NotificationTests : IAsyncLifetime
{
    private sealed class RecordingNotifier : IHarvestNotifier
    {
        public ConcurrentQueue<HarvestNotice> Notices { get; } = new();

        public Task RunNeedsAttentionAsync(HarvestNotice notice, CancellationToken cancellationToken)
        {
            Notices.Enqueue(notice);
            return Task.CompletedTask;
        }
    }

    private readonly HarvestPlatform _platform;
    private readonly RecordingNotifier _notifier = new();

    public NotificationTests() : this(StoreProvider.Sqlite) { }

    /// <summary>For the same tests on PostgreSQL (see <c>PostgresHarvestTests.cs</c>).</summary>
    protected NotificationTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_run_whose_share_of_valid_rows_falls_is_marked_degraded_and_a_failed_run_raises_a_notice()
    {
        var host = _platform.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IHarvestNotifier>(_notifier)));
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", HarvestPlatform.ApiKey);
        var csv = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        await HarvestPlatform.CreateOrganisationAsync(admin, "larmkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "larmkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/bad.csv").ToString(),
        });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("degraded").GetBoolean());
        Assert.Empty(_notifier.Notices);

        // Two of the twelve places lose their coordinates to typing errors.
        var lines = csv.Split('\n');
        for (var i = 1; i <= 2; i++)
        {
            var cells = lines[i].Split(',');
            cells[2] = "femtioåtta";
            lines[i] = string.Join(',', cells);
        }
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(string.Join('\n', lines)), "text/csv");
        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.NotEqual("Failed", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("rowsRejected").GetInt64());
        Assert.True(second.GetProperty("degraded").GetBoolean());
        Assert.Contains("Kvaliteten har försämrats", second.GetProperty("summarySv").GetString());
        Assert.Contains("Quality has dropped", second.GetProperty("summaryEn").GetString());
        var degraded = Assert.Single(_notifier.Notices);
        Assert.True(degraded.Degraded);
        Assert.Equal(sourceId, degraded.SourceId);

        _server.MapStatus("/bad.csv", 404);
        var failed = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(2, _notifier.Notices.Count);
        Assert.Contains("404", _notifier.Notices.Last().SummaryEn);
    }
}
