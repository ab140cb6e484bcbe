using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>
/// The diff stage: between load and publish, the new version's rows are compared in the database with the version
/// readers see now (<see cref="IRowChanges"/>), and what changed (rows added, removed, changed; columns added, removed,
/// retyped) is kept with the version. A comparison that fails costs only the comparison: the stage records why, and
/// the version is published without one.
/// </summary>
public sealed class DiffStage(CatalogueDbContext db, IRowChanges changes, TimeProvider clock)
{
    /// <summary>The version's changes against the published one; null for a first version or when the comparison failed.</summary>
    public async Task<VersionDiff?> CompareAsync(string itemKey, Dataset dataset, LoadedVersion loaded, HarvestRun run, CancellationToken ct)
    {
        if (dataset.CurrentVersionId is not { } currentId) return null;
        var timer = new StageTimer(run, HarvestStage.Diff, itemKey, clock);
        DatasetVersion? version = null;
        try
        {
            var previous = await db.DatasetVersions.AsNoTracking().FirstAsync(v => v.Id == currentId, ct);
            version = await db.DatasetVersions.FirstAsync(v => v.Id == loaded.VersionId, ct);
            var (before, after) = (TableSchemaJson.Parse(previous.SchemaJson), TableSchemaJson.Parse(version.SchemaJson));
            var counts = await changes.CompareAsync(previous.TableName, new TableLayout(before), version.TableName, new TableLayout(after), ct);
            var diff = new VersionDiff(previous.Number, previous.PublishedAt ?? previous.CreatedAt, counts.Added, counts.Removed, counts.Changed,
                counts.ByKey, SchemaChange.Between(before, after));
            version.RecordDiff(diff);
            await db.SaveChangesAsync(ct);
            timer.Succeeded(rows: counts.Added + counts.Removed + counts.Changed);
            return diff;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            timer.Failed("The changes since the last version could not be computed; the version is published without them. " + HarvestErrors.Describe(ex));
            return null;
        }
        finally
        {
            // The version is the publish stage's business, in contexts of its own; nothing of it stays to be saved with the run.
            if (version is not null) db.Entry(version).State = EntityState.Detached;
        }
    }
}
