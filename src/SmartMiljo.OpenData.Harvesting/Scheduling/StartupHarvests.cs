using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>
/// Which sources get a harvest queued at start-up: those that have never been harvested successfully, except
/// a source whose last two runs died or failed the same way. A source that kills its worker (a parser crash)
/// would otherwise be re-queued at every restart and kill it again; it now waits for its schedule or a
/// manual run. Every run is recorded before it starts, so a run that takes the process down still counts.
/// </summary>
public sealed class StartupHarvests(HarvestScheduler scheduler)
{
    /// <summary>Failed the same way this many times in a row: not retried at start-up.</summary>
    public const int RepeatedFailures = 2;

    public async Task<IReadOnlyList<Guid>> QueueAsync(CatalogueDbContext db, CancellationToken cancellationToken)
    {
        var queued = new List<Guid>();
        foreach (var id in await NeverHarvestedAsync(db, cancellationToken))
        {
            if (await FailsRepeatedlyAsync(db, id, cancellationToken)) continue;
            scheduler.TriggerNow(id, "startup");
            queued.Add(id);
        }
        return queued;
    }

    /// <summary>Enabled sources without a run that ended other than failed (a run under way counts as one).</summary>
    public static Task<List<Guid>> NeverHarvestedAsync(CatalogueDbContext db, CancellationToken cancellationToken) =>
        db.HarvestSources.AsNoTracking()
            .Where(s => s.Enabled && !db.HarvestRuns.Any(r => r.SourceId == s.Id && r.Status != HarvestRunStatus.Failed))
            .Select(s => s.Id).ToListAsync(cancellationToken);

    /// <summary>True when the source's last <see cref="RepeatedFailures"/> runs all failed with the same error.</summary>
    public static async Task<bool> FailsRepeatedlyAsync(CatalogueDbContext db, Guid sourceId, CancellationToken cancellationToken)
    {
        var last = await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == sourceId)
            .OrderByDescending(r => r.StartedAt).Take(RepeatedFailures)
            .Select(r => new { r.Status, r.Error }).ToListAsync(cancellationToken);
        if (last.Count < RepeatedFailures || last.Any(r => r.Status != HarvestRunStatus.Failed)) return false;
        return last.Select(r => SignatureOf(r.Error)).Distinct(StringComparer.Ordinal).Count() == 1;
    }

    /// <summary>What makes two failures "the same way": the error, with every abandoned run alike.</summary>
    private static string SignatureOf(string? error) =>
        error is null ? "" : error.StartsWith(StaleRunReaper.AbandonedError, StringComparison.Ordinal) ? StaleRunReaper.AbandonedError : error;
}
