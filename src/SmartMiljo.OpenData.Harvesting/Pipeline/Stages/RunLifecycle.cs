using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>
/// A run's life around its work: whether it may start (one live run per source; a start-up harvest of a
/// source that keeps failing waits), its record saved before anything runs (so a run that takes the process
/// down still counts), the heartbeat while it works, and at the end its outcome, summary and notification.
/// </summary>
public sealed class RunLifecycle(
    CatalogueDbContext db, IServiceScopeFactory scopes, IHarvestNotifier notifier, IOptions<HarvestOptions> options,
    TimeProvider clock, ILogger<RunLifecycle> logger)
{
    /// <summary>Records a new run of the source, or returns null when it must not run now.</summary>
    public async Task<(HarvestSource Source, HarvestRun Run)?> BeginAsync(Guid sourceId, string trigger, CancellationToken ct)
    {
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Id == sourceId, ct)
            ?? throw new InvalidOperationException($"No harvest source {sourceId}.");
        var staleBefore = clock.GetUtcNow() - options.Value.HeartbeatTimeout;
        if (await db.HarvestRuns.AnyAsync(r => r.SourceId == sourceId && r.Status == HarvestRunStatus.Running && r.HeartbeatAt > staleBefore, ct))
        {
            logger.LogInformation("Source {Source} is already being harvested; skipping this trigger ({Trigger}).", source.Name, trigger);
            return null;
        }
        if (trigger == "startup" && await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, ct))
        {
            // A start-up harvest delivered again after the process died: the source waits for its schedule.
            logger.LogWarning("Source {Source} failed the same way in its last runs; not harvesting it at start-up.", source.Name);
            return null;
        }
        var run = HarvestRun.Start(source.Id, trigger, clock.GetUtcNow());
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return (source, run);
    }

    /// <summary>Keeps the run's heartbeat fresh until disposed, from a context of its own.</summary>
    public IAsyncDisposable Heartbeat(Guid runId, CancellationToken ct) => new HeartbeatLoop(this, runId, ct);

    /// <summary>Records the outcome (even when the caller gave up, so a run never stays "running"), and tells
    /// the publisher when the run needs attention.</summary>
    public async Task FinishAsync(HarvestSource source, HarvestRun run, RunTally tally)
    {
        var (sv, en) = RunReport.Summarise(run, tally);
        run.Finish(clock.GetUtcNow(), sv, en);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the outcome of run {Run}; marking it failed.", run.Id);
            await MarkFailedAsync(run, $"The run's outcome could not be saved: {ex.Message}");
        }
        if (run.Status is HarvestRunStatus.Failed or HarvestRunStatus.HeldForReview || run.Degraded)
        {
            try { await notifier.RunNeedsAttentionAsync(new HarvestNotice(source.Id, source.Name, run.Id, run.Status, run.Degraded, run.SummarySv ?? "", run.SummaryEn ?? ""), CancellationToken.None); }
            catch (Exception ex) { logger.LogWarning(ex, "Notifying about run {Run} failed.", run.Id); }
        }
        RunMemory.ReturnAfter(run);
    }

    private async Task MarkFailedAsync(HarvestRun run, string error)
    {
        run.Fail(error);
        await using var scope = scopes.CreateAsyncScope();
        var fresh = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var finished = clock.GetUtcNow();
        await fresh.HarvestRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, HarvestRunStatus.Failed)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.FinishedAt, finished), CancellationToken.None);
    }

    private async Task BeatAsync(Guid runId, CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var scope = scopes.CreateAsyncScope();
                var beatDb = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
                var now = clock.GetUtcNow();
                await beatDb.HarvestRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatAt, now), stop);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) { logger.LogWarning(ex, "Heartbeat for run {Run} stopped.", runId); }
    }

    private sealed class HeartbeatLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _beating;

        public HeartbeatLoop(RunLifecycle lifecycle, Guid runId, CancellationToken ct)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _beating = lifecycle.BeatAsync(runId, _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _beating;
            _stop.Dispose();
        }
    }
}
