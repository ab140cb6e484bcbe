using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>
/// The publish stage of a run: hands a loaded version to <see cref="VersionPublisher"/> (the switch, saved on
/// its own, or a hold for review), records the outcome on the run, and brings the run's view of the dataset
/// and item up to date with what the switch saved. Retention follows a publish.
/// </summary>
public sealed class PublishStage(CatalogueDbContext db, VersionPublisher publisher, TimeProvider clock)
{
    /// <summary><see cref="ItemOutcome.Published"/> when readers now see the version, <see cref="ItemOutcome.Held"/>
    /// when it is held for review, <see cref="ItemOutcome.Unchanged"/> when the dataset was withdrawn meanwhile.</summary>
    public async Task<ItemOutcome> PublishAsync(string itemKey, ReconciledItem target, LoadedVersion loaded, ValidationReport report,
        HarvestRun run, RunTally tally, bool onlyItem, CancellationToken ct)
    {
        var timer = new StageTimer(run, HarvestStage.Publish, itemKey, clock);
        await db.SaveChangesAsync(ct); // the run's own bookkeeping first: the switch is saved apart from it
        PublishOutcome outcome;
        try
        {
            outcome = await publisher.PublishAsync(loaded, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            timer.Failed(HarvestErrors.Describe(ex));
            throw;
        }
        // What the switch changed, as the catalogue now has it.
        await db.Entry(target.Dataset).ReloadAsync(ct);
        await db.Entry(target.Record).ReloadAsync(ct);
        if (outcome.DatasetWithdrawn)
        {
            timer.Skipped("The dataset was withdrawn while this harvest ran; the new version was not published and is discarded.");
            return ItemOutcome.Unchanged;
        }
        if (onlyItem) run.Published(loaded.VersionId);
        if (report.RowsInvalid > 0 || report.Verdict == ValidationVerdict.PublishableWithWarnings) tally.Warnings = true;
        if (outcome.Hold is { } hold)
        {
            timer.Skipped($"Held for review: {hold.English}");
            tally.Held.Add((target.Dataset.Title, hold));
            return ItemOutcome.Held;
        }
        timer.Succeeded(rows: loaded.Rows);
        if (outcome.QualityDropped)
        {
            run.MarkDegraded();
            tally.QualityDropped = true;
        }
        await publisher.ApplyRetentionAsync(target.Dataset.Id, ct);
        return ItemOutcome.Published;
    }
}
