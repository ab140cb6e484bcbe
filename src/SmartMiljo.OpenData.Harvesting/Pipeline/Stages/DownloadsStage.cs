using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>
/// The Downloads stage: writes every download file of a published version and records them as its
/// distributions. A failure is recorded (stage failed, run degraded) but never unpublishes the version:
/// readers keep getting its downloads streamed from the row table, and the next run retries (see
/// <see cref="CompleteMissingAsync"/>). A version just published first gets its table's query statistics,
/// which publishing did not wait for.
/// </summary>
public sealed class DownloadsStage(
    CatalogueDbContext db, IRowStore rowStore, DownloadGenerator downloads, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<DownloadsStage> logger)
{
    public async Task GenerateAsync(string itemKey, Dataset dataset, Guid versionId, HarvestRun run, RunTally tally, CancellationToken ct,
        bool newlyPublished = false)
    {
        var timer = new StageTimer(run, HarvestStage.Downloads, itemKey, clock);
        var version = await db.DatasetVersions.AsNoTracking().FirstAsync(v => v.Id == versionId, ct);
        if (newlyPublished)
        {
            try { await rowStore.UpdateStatisticsAsync(version.TableName, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Only plans suffer, and the database's own autovacuum gathers them later.
                logger.LogWarning(ex, "Statistics of {Table} could not be gathered.", version.TableName);
            }
        }
        try
        {
            var layout = new TableLayout(TableSchemaJson.Parse(version.SchemaJson));
            var organisation = dataset.Organisation ?? await db.Organisations.FirstAsync(o => o.Id == dataset.OrganisationId, ct);
            var context = new ExportContext(layout, dataset.Title, dataset.Description, dataset.License,
                Publisher: organisation.Name, VersionNumber: version.Number, PublishedAt: version.PublishedAt);
            var generated = await downloads.GenerateAsync($"{organisation.Slug}/{dataset.Slug}/v{version.Number}", context,
                token => rowStore.ReadRowsAsync(version.TableName, layout, token), ct);
            await RecordDistributionsAsync(version.Id, generated, ct);
            timer.Succeeded(bytes: generated.Sum(g => g.ByteSize), rows: version.RowCount);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var why = HarvestErrors.Describe(ex);
            logger.LogWarning(ex, "Download files of {Dataset} v{Version} could not be generated; they are served from the row table meanwhile.", dataset.Slug, version.Number);
            timer.Failed(why);
            run.MarkDegraded();
            tally.Warnings = true;
            tally.DownloadFailures.Add($"{dataset.Title} v{version.Number}: {why}");
        }
    }

    /// <summary>For an unchanged item: generates the current version's download files again when any is
    /// missing (an earlier Downloads stage failed, or files were lost from the store).</summary>
    public async Task CompleteMissingAsync(string itemKey, Dataset dataset, HarvestRun run, RunTally tally, CancellationToken ct)
    {
        if (dataset.CurrentVersionId is not { } currentId) return;
        var version = await db.DatasetVersions.AsNoTracking().Include(v => v.Distributions).FirstOrDefaultAsync(v => v.Id == currentId, ct);
        if (version is null || version.Status != VersionStatus.Published) return;
        var layout = new TableLayout(TableSchemaJson.Parse(version.SchemaJson));
        var recorded = version.Distributions.Select(d => (d.Format, d.StorageKey)).ToList();
        if (await downloads.IsCompleteAsync(layout, recorded, ct)) return;
        await GenerateAsync(itemKey, dataset, version.Id, run, tally, ct);
    }

    /// <summary>Records the files as the version's distributions, updated in place (format is unique per
    /// version). In a context of its own: if saving fails, nothing half-recorded stays tracked in the
    /// run's context to be saved with it later; the next run simply tries again.</summary>
    private async Task RecordDistributionsAsync(Guid versionId, IReadOnlyList<GeneratedDownload> generated, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var recording = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var version = await recording.DatasetVersions.Include(v => v.Distributions).FirstAsync(v => v.Id == versionId, ct);
        var now = clock.GetUtcNow();
        foreach (var stale in version.Distributions.Where(d => generated.All(g => g.Format != d.Format)).ToList())
            version.Distributions.Remove(stale);
        foreach (var file in generated)
        {
            if (version.Distributions.FirstOrDefault(d => d.Format == file.Format) is { } distribution)
                distribution.Replace(file.MediaType, file.StorageKey, file.ByteSize, file.Sha256, now);
            else
                version.Distributions.Add(Distribution.Create(version.Id, file.Format, file.MediaType, file.StorageKey, file.ByteSize, file.Sha256, now));
        }
        await recording.SaveChangesAsync(ct);
    }
}
