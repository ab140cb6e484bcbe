using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>
/// Marks runs whose worker died (no heartbeat within the timeout) as failed, so no run stays "running"
/// forever and the source can run again. Their half-loaded versions are discarded.
/// </summary>
public sealed class StaleRunReaper(IServiceScopeFactory scopes, IOptions<HarvestOptions> options, TimeProvider clock, ILogger<StaleRunReaper> logger)
    : BackgroundService
{
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var rows = scope.ServiceProvider.GetRequiredService<IRowStore>();
        var staleBefore = clock.GetUtcNow() - options.Value.HeartbeatTimeout;
        var stale = await db.HarvestRuns.Where(r => r.Status == HarvestRunStatus.Running && r.HeartbeatAt < staleBefore).ToListAsync(cancellationToken);
        foreach (var run in stale)
        {
            run.Status = HarvestRunStatus.Failed;
            run.FinishedAt = clock.GetUtcNow();
            run.Error = $"The worker stopped responding (no heartbeat since {run.HeartbeatAt:u}); the run was abandoned and nothing was published.";
            run.SummarySv = "Skördningen avbröts: arbetsprocessen slutade svara. Inget publicerades; den senast publicerade versionen visas fortfarande.";
            run.SummaryEn = "The harvest was abandoned: its worker stopped responding. Nothing was published; the last published version is still served.";
            var halfLoaded = await db.DatasetVersions.Where(v => v.HarvestRunId == run.Id && v.Status == VersionStatus.Staged).ToListAsync(cancellationToken);
            foreach (var version in halfLoaded)
            {
                version.Status = VersionStatus.Discarded;
                // Its rows never became visible; the table only takes space.
                try { await rows.DropTableAsync(version.TableName, cancellationToken); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Could not drop the staging table {Table}.", version.TableName); }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (stale.Count > 0) logger.LogWarning("Marked {Count} abandoned harvest run(s) as failed.", stale.Count);
        return stale.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(options.Value.HeartbeatTimeout.Ticks / 4, TimeSpan.FromSeconds(5).Ticks));
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            try { await ReapAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Reaping abandoned runs failed."); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
