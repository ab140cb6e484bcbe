using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>How an approval went: the run (null when unknown) and how many held versions it published.</summary>
public sealed record ApprovalResult(HarvestRun? Run, int Published);

/// <summary>
/// A publisher approves the versions a run held for review: each is published as a harvest would have, and
/// a harvest is queued to generate their download files (the source is unchanged, so it loads nothing; until
/// then downloads stream from the row table).
/// </summary>
public sealed class HeldVersionApproval(CatalogueDbContext db, VersionPublisher publisher, HarvestScheduler scheduler, TimeProvider clock)
{
    public async Task<ApprovalResult> ApproveAsync(Guid runId, CancellationToken ct)
    {
        var run = await db.HarvestRuns.Include(r => r.Stages).FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return new ApprovalResult(null, 0);
        var held = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.HarvestRunId == runId && v.Status == VersionStatus.HeldForReview).Select(v => v.Id).ToListAsync(ct);
        var published = 0;
        foreach (var versionId in held)
            if (await publisher.ApproveHeldAsync(versionId, run.SourceId, ct)) published++;
        if (published == 0) return new ApprovalResult(run, 0);

        run.ApproveHeld(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        scheduler.TriggerNow(run.SourceId, "approval");
        return new ApprovalResult(run, published);
    }
}
