using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>What the load stage hands to publishing for one item: the staged version and what it learnt.</summary>
public sealed record LoadedVersion(
    Guid VersionId, Guid DatasetId, Guid ItemRecordId, long Rows, LonLatExtent Extent, Specification? Specification,
    FetchMemory Fetch, double ValidShare, long? EndsMidRecordAtRow);

/// <summary>The extent of a version's points (WGS84), or all null without points.</summary>
public sealed record LonLatExtent(double? MinLatitude, double? MaxLatitude, double? MinLongitude, double? MaxLongitude);

/// <summary>What a fetch told about the source, remembered on the item once its data is published.</summary>
public sealed record FetchMemory(string? Location, bool NotModified, string? ETag, string? LastModified, string? Sha256);

/// <summary>Published, held back for review with the reason in both languages, or not published because the
/// dataset was withdrawn while the harvest ran.</summary>
public sealed record PublishOutcome(bool Published, bool QualityDropped, ReviewHold? Hold, bool DatasetWithdrawn = false)
{
    public static PublishOutcome Held(ReviewHold hold) => new(false, false, hold);

    public static readonly PublishOutcome Withdrawn = new(false, false, null, DatasetWithdrawn: true);
}

/// <summary>
/// The publish stage: moves readers to a loaded version, or holds it back for review, then applies
/// retention. Each switch is one save in a catalogue context of its own, so a failure cannot leave anything
/// of it tracked to be saved later by someone else (the run's context once saved a dataset pointing at a
/// version whose table had just been dropped). Tables and files of a version go only after the catalogue
/// no longer points at it: first the status is saved, then the rows are dropped.
/// </summary>
public sealed class VersionPublisher(
    IServiceScopeFactory scopes,
    IRowStore rowStore,
    DownloadGenerator downloads,
    IOptions<HarvestOptions> harvestOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider clock,
    ILogger<VersionPublisher> logger)
{
    /// <summary>Publishes the version, or holds it for review when <see cref="ReviewRules"/> say so. A dataset
    /// withdrawn since the run began (or was queued) stays withdrawn: the version is discarded. On a failure the
    /// version is discarded (unless the switch did commit after all) and the error rethrown.</summary>
    public async Task<PublishOutcome> PublishAsync(LoadedVersion loaded, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var dataset = await db.Datasets.FirstAsync(d => d.Id == loaded.DatasetId, ct);
            if (dataset.Status == DatasetStatus.Withdrawn)
            {
                await DiscardAsync(loaded.VersionId);
                return PublishOutcome.Withdrawn;
            }
            var version = await db.DatasetVersions.FirstAsync(v => v.Id == loaded.VersionId, ct);
            var previous = dataset.CurrentVersionId is { } currentId ? await db.DatasetVersions.FirstAsync(v => v.Id == currentId, ct) : null;
            var record = await db.HarvestSourceItems.FirstAsync(i => i.Id == loaded.ItemRecordId, ct);
            var extent = loaded.Extent;
            version.RecordLoad(loaded.Rows, extent.MinLatitude, extent.MaxLatitude, extent.MinLongitude, extent.MaxLongitude);

            if (ReviewRules.Check(loaded, previous, harvestOptions.Value.RowDropReviewThreshold) is { } hold)
            {
                version.HoldForReview();
                await db.SaveChangesAsync(ct);
                await DiscardEarlierHeldAsync(loaded.DatasetId, version.Number, ct);
                return PublishOutcome.Held(hold);
            }

            dataset.Publish(version, previous, clock.GetUtcNow());
            if (loaded.Specification is { } spec) dataset.FollowSpecification(spec.Id, spec.Version);
            var f = loaded.Fetch;
            record.RememberFetch(f.Location, f.NotModified, f.ETag, f.LastModified, f.Sha256);
            var qualityDropped = record.Loaded(loaded.ValidShare);
            await db.SaveChangesAsync(ct); // the switch: one statement batch in one transaction
            return new PublishOutcome(true, qualityDropped, null);
        }
        catch
        {
            switch (await IsCurrentAsync(loaded.DatasetId, loaded.VersionId))
            {
                case true: return new PublishOutcome(true, false, null); // the commit made it after all
                case false: await DiscardAsync(loaded.VersionId); break;
                default: break; // unknown: the rows stay rather than risk dropping what readers may see
            }
            throw;
        }
    }

    /// <summary>Publishes a version held for review, as a person approved it. Returns false when it is no
    /// longer held (approved already, or replaced by a newer version) or the dataset has been withdrawn.</summary>
    public async Task<bool> ApproveHeldAsync(Guid versionId, Guid sourceId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var version = await db.DatasetVersions.FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is not { Status: VersionStatus.HeldForReview }) return false;
        var dataset = await db.Datasets.FirstAsync(d => d.Id == version.DatasetId, ct);
        if (dataset.Status == DatasetStatus.Withdrawn) return false;
        var previous = dataset.CurrentVersionId is { } currentId ? await db.DatasetVersions.FirstAsync(v => v.Id == currentId, ct) : null;
        if (previous is not null && previous.Number > version.Number) return false;
        dataset.Publish(version, previous, clock.GetUtcNow());
        // The approved content is now the item's last load: an unchanged source is not loaded (and held) again.
        var record = await db.HarvestSourceItems.FirstOrDefaultAsync(i => i.SourceId == sourceId && i.DatasetId == dataset.Id, ct);
        record?.RememberFetch(record.DataLocation, false, null, null, version.ContentHash);
        await db.SaveChangesAsync(ct);
        await ApplyRetentionAsync(dataset.Id, ct);
        return true;
    }

    /// <summary>Whether the dataset points at the version; null when the catalogue cannot be asked.</summary>
    private async Task<bool?> IsCurrentAsync(Guid datasetId, Guid versionId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            return await db.Datasets.AnyAsync(d => d.Id == datasetId && d.CurrentVersionId == versionId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell whether version {Version} became current; keeping its rows.", versionId);
            return null;
        }
    }

    /// <summary>Keeps the current version plus the configured number of older ones; older tables and files
    /// go, and so do versions held for review that a newer publish has overtaken.</summary>
    public async Task ApplyRetentionAsync(Guid datasetId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var keep = Math.Max(0, storageOptions.Value.RetainedVersions);
        var expired = await db.DatasetVersions.Where(v => v.DatasetId == datasetId && v.Status == VersionStatus.Superseded)
            .OrderByDescending(v => v.Number).Skip(keep).Select(v => v.Id).ToListAsync(ct);
        var current = await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.CurrentVersion!.Number).FirstOrDefaultAsync(ct);
        expired.AddRange(await db.DatasetVersions
            .Where(v => v.DatasetId == datasetId && v.Status == VersionStatus.HeldForReview && v.Number < current).Select(v => v.Id).ToListAsync(ct));
        foreach (var id in expired) await DiscardAsync(id);
    }

    private async Task DiscardEarlierHeldAsync(Guid datasetId, int number, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var earlier = await db.DatasetVersions
            .Where(v => v.DatasetId == datasetId && v.Status == VersionStatus.HeldForReview && v.Number < number).Select(v => v.Id).ToListAsync(ct);
        foreach (var id in earlier) await DiscardAsync(id);
    }

    /// <summary>Gives up a version that readers do not see: its status and distributions are saved first,
    /// then its table and files go (a crash in between leaves only garbage, never a dangling pointer).</summary>
    public async Task DiscardAsync(Guid versionId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var version = await db.DatasetVersions.Include(v => v.Distributions).FirstOrDefaultAsync(v => v.Id == versionId, CancellationToken.None);
            if (version is null || await db.Datasets.AnyAsync(d => d.CurrentVersionId == versionId, CancellationToken.None)) return;
            var files = version.Distributions.Select(d => (d.StorageKey, d.MediaType)).ToList();
            if (version.Status != VersionStatus.Discarded) version.Discard();
            version.Distributions.Clear();
            await db.SaveChangesAsync(CancellationToken.None);
            await rowStore.DropTableAsync(version.TableName, CancellationToken.None);
            await downloads.DeleteAsync(files, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not clean up discarded version {Version}.", versionId);
        }
    }
}
