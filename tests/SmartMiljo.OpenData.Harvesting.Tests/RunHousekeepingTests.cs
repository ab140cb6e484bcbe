using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// What is left when a worker dies: the reaper tells the truth about what the run published, orphaned
/// scratch and temporary files are swept (never those of a live run), and a source that fails the same way
/// twice is not harvested again at start-up.
/// </summary>
public class RunHousekeepingTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public RunHousekeepingTests() : this(StoreProvider.Sqlite) { }

    protected RunHousekeepingTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private async Task<Guid> CreateSourceAsync(string org, string path)
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120001637");
        return await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Källa", datasetSlug = "kalla", kind = "Csv", location = _server.Url(path).ToString(),
        });
    }

    /// <summary>Turns a finished run back into one whose worker died mid-way (running, heartbeat long gone).</summary>
    private async Task KillAsync(Guid runId)
    {
        await using var scope = _platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        // Written as a dead worker leaves the row: no transition of the entity leads back to running.
        await db.HarvestRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, HarvestRunStatus.Running)
            .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null)
            .SetProperty(r => r.HeartbeatAt, DateTimeOffset.UtcNow - TimeSpan.FromHours(1)));
    }

    private async Task<HarvestRun> ReapAsync(Guid runId)
    {
        await _platform.Services.GetRequiredService<StaleRunReaper>().ReapAsync(CancellationToken.None); // the background reaper may have been first
        await using var scope = _platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().HarvestRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    [Fact]
    public async Task A_run_killed_after_publishing_is_reported_as_published_and_one_killed_before_as_nothing_published()
    {
        _server.MapFile("/a.csv", Encoding.UTF8.GetBytes("id,namn\r\n1,Ett\r\n2,Två\r\n"), "text/csv");
        var sourceId = await CreateSourceAsync("dodkommun", "/a.csv");
        var admin = _platform.Admin();
        var published = await HarvestPlatform.HarvestAsync(admin, sourceId);
        var publishedRun = published.GetProperty("id").GetGuid();

        // Killed during the Downloads stage: its version is published and stays so.
        await KillAsync(publishedRun);
        var reaped = await ReapAsync(publishedRun);
        Assert.Equal(HarvestRunStatus.Failed, reaped.Status);
        Assert.Contains("after version 1 was published", reaped.SummaryEn);
        Assert.Contains("version 1 publicerats", reaped.SummarySv);
        Assert.DoesNotContain("Nothing was published", reaped.SummaryEn);
        Assert.DoesNotContain("Inget publicerades", reaped.SummarySv);
        Assert.True(reaped.Degraded);
        var client = _platform.CreateClient();
        Assert.Contains("Två", await client.GetStringAsync("/download/dodkommun/kalla.csv"));

        // Killed while loading: its staged table is dropped and the report says nothing was published.
        await using (var scope = _platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var dataset = await db.Datasets.SingleAsync(d => d.Slug == "kalla");
            var run = HarvestRun.Start(sourceId, "schedule", DateTimeOffset.UtcNow.AddHours(-2));
            run.Beat(DateTimeOffset.UtcNow.AddHours(-1));
            db.HarvestRuns.Add(run);
            db.DatasetVersions.Add(new DatasetVersion
            {
                DatasetId = dataset.Id, Number = 9, TableName = "rows_killed_v9", CreatedAt = DateTimeOffset.UtcNow, SchemaJson = (await db.DatasetVersions.FirstAsync()).SchemaJson, HarvestRunId = run.Id,
            });
            await db.SaveChangesAsync();
            var staged = await ReapAsync(run.Id);
            Assert.Contains("Nothing was published", staged.SummaryEn);
            Assert.Contains("Inget publicerades", staged.SummarySv);
            Assert.Equal(VersionStatus.Discarded, (await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Number == 9)).Status);
        }
        Assert.Contains("Två", await client.GetStringAsync("/download/dodkommun/kalla.csv"));
    }

    [Fact]
    public async Task Orphaned_work_and_temporary_files_are_swept_but_not_those_of_a_live_run_or_recent_ones()
    {
        _server.MapFile("/a.csv", Encoding.UTF8.GetBytes("id,namn\r\n1,Ett\r\n"), "text/csv");
        var sourceId = await CreateSourceAsync("sopkommun", "/a.csv");
        await HarvestPlatform.HarvestAsync(_platform.Admin(), sourceId);

        var work = Path.Combine(_platform.Data.Path, "work");
        var downloads = Path.Combine(_platform.Data.Path, "downloads", "sopkommun", "kalla");
        Directory.CreateDirectory(work);
        Assert.True(Directory.Exists(downloads));
        string Make(string folder, string name, TimeSpan age)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, "x");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }
        var oldWork = Make(work, $"{Guid.NewGuid():N}.download", TimeSpan.FromDays(2));
        var oldTemp = Make(downloads, $".v1.csv.{Guid.NewGuid():N}.tmp", TimeSpan.FromDays(2));
        var recentWork = Make(work, $"{Guid.NewGuid():N}.download", TimeSpan.FromMinutes(5));
        var kept = Directory.GetFiles(downloads).Where(f => !f.EndsWith(".tmp")).ToList();
        Assert.NotEmpty(kept);
        foreach (var file in kept) File.SetLastWriteTimeUtc(file, DateTime.UtcNow - TimeSpan.FromDays(30));

        // A live run that started three days ago may still own a two-day-old work file.
        Guid live;
        await using (var scope = _platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var run = HarvestRun.Start(sourceId, "schedule", DateTimeOffset.UtcNow.AddDays(-3));
            run.Beat(DateTimeOffset.UtcNow);
            db.HarvestRuns.Add(run);
            await db.SaveChangesAsync();
            live = run.Id;
        }
        var sweeper = _platform.Services.GetRequiredService<OrphanedFileSweeper>();
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.True(File.Exists(oldWork));

        await using (var scope = _platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            await db.HarvestRuns.Where(r => r.Id == live).ExecuteDeleteAsync();
        }
        Assert.Equal(2, await sweeper.SweepAsync(CancellationToken.None));
        Assert.False(File.Exists(oldWork));
        Assert.False(File.Exists(oldTemp));
        Assert.True(File.Exists(recentWork));
        Assert.All(kept, f => Assert.True(File.Exists(f), f)); // published download files are never touched
    }

    [Fact]
    public async Task A_source_failing_the_same_way_twice_is_not_queued_at_start_up()
    {
        // Nothing answers at /gone.csv: every harvest fails with the same error.
        var sourceId = await CreateSourceAsync("loopkommun", "/gone.csv");
        await using var scope = _platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        Assert.Contains(sourceId, await StartupHarvests.NeverHarvestedAsync(db, CancellationToken.None));
        Assert.False(await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, CancellationToken.None));

        var admin = _platform.Admin();
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", first.GetProperty("status").GetString());
        Assert.False(await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, CancellationToken.None)); // once may be bad luck
        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(first.GetProperty("error").GetString(), second.GetProperty("error").GetString());
        Assert.True(await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, CancellationToken.None));

        // A start-up harvest delivered anyway (a job queue re-delivering it after a crash) records no run.
        var pipeline = scope.ServiceProvider.GetRequiredService<Pipeline.HarvestPipeline>();
        Assert.Null(await pipeline.RunAsync(sourceId, "startup", CancellationToken.None));
        Assert.Equal(2, await db.HarvestRuns.CountAsync(r => r.SourceId == sourceId));

        // A different failure next time (the worker died) is not "the same way": one more start-up try.
        var run = HarvestRun.Start(sourceId, "schedule", DateTimeOffset.UtcNow);
        run.Abandon(DateTimeOffset.UtcNow, StaleRunReaper.AbandonedError + " Nothing was published.", "", "", []);
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync();
        Assert.False(await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, CancellationToken.None));
        var later = HarvestRun.Start(sourceId, "schedule", DateTimeOffset.UtcNow.AddSeconds(1));
        later.Abandon(DateTimeOffset.UtcNow.AddSeconds(1), StaleRunReaper.AbandonedError + " Version 2 had been published before.", "", "", []);
        db.HarvestRuns.Add(later);
        await db.SaveChangesAsync();
        Assert.True(await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, CancellationToken.None));
    }
}
