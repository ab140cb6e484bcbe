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
/// Ends runs whose worker died (no heartbeat within the timeout), so no run stays "running" forever and the
/// source can run again, and says truthfully what they left: their half-loaded versions are discarded, but a
/// version the run had already published stays published (killed during the Downloads stage, its files are
/// streamed from the row table until the next harvest generates them).
/// </summary>
public sealed class StaleRunReaper(IServiceScopeFactory scopes, IOptions<HarvestOptions> options, TimeProvider clock, ILogger<StaleRunReaper> logger)
    : BackgroundService
{
    /// <summary>How the error of an abandoned run begins; the same for every abandoned run, so that
    /// <see cref="StartupHarvests"/> can tell a source that keeps killing its worker.</summary>
    public const string AbandonedError = "The worker stopped responding (no heartbeat); the run was abandoned.";

    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var rows = scope.ServiceProvider.GetRequiredService<IRowStore>();
        var staleBefore = clock.GetUtcNow() - options.Value.HeartbeatTimeout;
        var stale = await db.HarvestRuns.Where(r => r.Status == HarvestRunStatus.Running && r.HeartbeatAt < staleBefore).ToListAsync(cancellationToken);
        foreach (var run in stale)
        {
            var published = await db.DatasetVersions.AsNoTracking()
                .Where(v => v.HarvestRunId == run.Id && (v.Status == VersionStatus.Published || v.Status == VersionStatus.Superseded))
                .OrderBy(v => v.Number).Select(v => new { v.Id, v.Number }).ToListAsync(cancellationToken);
            if (published.Count == 0)
                run.Abandon(clock.GetUtcNow(), $"{AbandonedError} Nothing was published.",
                    "Skördningen avbröts: arbetsprocessen slutade svara. Inget publicerades; den senast publicerade versionen visas fortfarande.",
                    "The harvest was abandoned: its worker stopped responding. Nothing was published; the last published version is still served.",
                    []);
            else
            {
                var numbers = string.Join(", ", published.Select(v => v.Number));
                run.Abandon(clock.GetUtcNow(), $"{AbandonedError} Version {numbers} had been published before; its download files may be incomplete.",
                    $"Skördningen avbröts: arbetsprocessen slutade svara efter att version {numbers} publicerats. Den nya versionen visas; "
                    + "nedladdningsfiler som inte hann skapas levereras direkt ur databasen tills nästa skördning skapar dem.",
                    $"The harvest was abandoned: its worker stopped responding after version {numbers} was published. The new version is served; "
                    + "download files that were not yet generated are produced straight from the database until the next harvest generates them.",
                    published.Select(v => v.Id).ToList());
            }
            var halfLoaded = await db.DatasetVersions.Where(v => v.HarvestRunId == run.Id && v.Status == VersionStatus.Staged).ToListAsync(cancellationToken);
            foreach (var version in halfLoaded) version.Discard();
            // The statuses first: a table is dropped only once nothing points at it as loadable.
            await db.SaveChangesAsync(cancellationToken);
            foreach (var version in halfLoaded)
            {
                // Its rows never became visible; the table only takes space.
                try { await rows.DropTableAsync(version.TableName, cancellationToken); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Could not drop the staging table {Table}.", version.TableName); }
            }
        }
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
