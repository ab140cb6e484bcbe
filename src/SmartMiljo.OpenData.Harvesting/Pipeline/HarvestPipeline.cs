using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>
/// Runs one source through gather → fetch → validate → stage → publish. Every stage is recorded on the
/// run. Rows go into a fresh table; readers only move to it in the final catalogue transaction, so a run
/// that fails anywhere leaves the last good version served untouched.
/// </summary>
public sealed class HarvestPipeline(
    CatalogueDbContext db,
    IEnumerable<ISourceAdapter> adapters,
    IRowStore rowStore,
    ISpecificationRegistry specifications,
    DownloadGenerator downloads,
    IServiceScopeFactory scopes,
    IOptions<HarvestOptions> harvestOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider clock,
    ILogger<HarvestPipeline> logger)
{
    /// <summary>Harvests a source now. Returns the finished run, or null when another live run of the
    /// same source is under way (the caller should not start a second one).</summary>
    public async Task<HarvestRun?> RunAsync(Guid sourceId, string trigger, CancellationToken cancellationToken)
    {
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new InvalidOperationException($"No harvest source {sourceId}.");
        var staleBefore = clock.GetUtcNow() - harvestOptions.Value.HeartbeatTimeout;
        if (await db.HarvestRuns.AnyAsync(r => r.SourceId == sourceId && r.Status == HarvestRunStatus.Running && r.HeartbeatAt > staleBefore, cancellationToken))
        {
            logger.LogInformation("Source {Source} is already being harvested; skipping this trigger ({Trigger}).", source.Name, trigger);
            return null;
        }

        var run = new HarvestRun { SourceId = source.Id, Trigger = trigger, StartedAt = clock.GetUtcNow(), HeartbeatAt = clock.GetUtcNow() };
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = BeatAsync(run.Id, heartbeatStop.Token);
        var workFile = Path.Combine(harvestOptions.Value.WorkDirectory, $"{run.Id:N}.download");
        try
        {
            await ExecuteAsync(source, run, workFile, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Harvest of {Source} failed.", source.Name);
            run.Status = HarvestRunStatus.Failed;
            run.Error ??= HarvestErrors.Describe(ex);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            TryDelete(workFile);
        }

        run.FinishedAt = clock.GetUtcNow();
        // The run's outcome is recorded even when the caller gave up, so it never stays "running".
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the outcome of run {Run}; marking it failed.", run.Id);
            await MarkFailedAsync(run, $"The run's outcome could not be saved: {ex.Message}");
        }
        return run;
    }

    private async Task ExecuteAsync(HarvestSource source, HarvestRun run, string workFile, CancellationToken ct)
    {
        var dataset = await db.Datasets.Include(d => d.Organisation).FirstAsync(d => d.Id == source.DatasetId, ct);
        var adapter = adapters.FirstOrDefault(a => a.Kind == source.Kind)
            ?? throw new HarvestException($"Sources of kind {source.Kind} cannot be harvested by this instance.");

        // Gather
        var gather = new StageTimer(run, HarvestStage.Gather, null, clock);
        IReadOnlyList<SourceItem> items;
        try { items = await adapter.GatherAsync(source, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { gather.Failed(HarvestErrors.Describe(ex)); throw; }
        if (items.Count != 1)
        {
            gather.Failed($"Expected one item, the source listed {items.Count}.");
            throw new HarvestException($"A {source.Kind} source must yield exactly one table; it yielded {items.Count}.");
        }
        gather.Succeeded();
        var item = items[0];

        // Fetch
        var fetch = new StageTimer(run, HarvestStage.Fetch, item.Key, clock);
        FetchResult fetched;
        try { fetched = await adapter.FetchAsync(item, source, workFile, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { fetch.Failed(HarvestErrors.Describe(ex)); throw; }
        run.BytesFetched = fetched.Bytes;
        var hasPublished = dataset.CurrentVersionId is not null;
        if (hasPublished && (fetched.NotModified || (fetched.Sha256 is not null && fetched.Sha256 == source.LastContentHash)))
        {
            fetch.Skipped(fetched.NotModified ? "Not modified since the last harvest (HTTP 304)." : "Same content as the last harvest.");
            run.Status = HarvestRunStatus.Unchanged;
            RememberFetch(source, fetched);
            return;
        }
        fetch.Succeeded(bytes: fetched.Bytes);

        // Validate + stage: rows stream from the file through the validator into a new table.
        var schema = await ResolveSchemaAsync(source, adapter, fetched, run, item, ct);
        var layout = new TableLayout(schema.Schema);
        var number = (await db.DatasetVersions.Where(v => v.DatasetId == dataset.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new DatasetVersion
        {
            DatasetId = dataset.Id,
            Number = number,
            TableName = SqlIdentifiers.VersionTableName(dataset.Id, number),
            SchemaJson = TableSchemaJson.Serialize(schema.Schema),
            HarvestRunId = run.Id,
            ContentHash = fetched.Sha256,
            CreatedAt = clock.GetUtcNow(),
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync(ct); // reserves the version number

        var validate = new StageTimer(run, HarvestStage.Validate, item.Key, clock);
        ValidationReport report;
        long stagedRows;
        BoundingBoxSink box;
        await using (var staged = await rowStore.CreateStagingTableAsync(version.TableName, layout, ct))
        {
            box = new BoundingBoxSink(staged, schema.Schema);
            try
            {
                await using var table = await adapter.OpenAsync(fetched, source, ct);
                report = await new TableValidator().ValidateAsync(table, schema.Schema, box, null, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                validate.Failed(HarvestErrors.Describe(ex));
                version.Status = VersionStatus.Discarded;
                throw;
            }
            run.RowsRead = report.RowsRead;
            run.RowsAccepted = report.RowsValid;
            run.RowsRejected = report.RowsInvalid;
            run.ReportJson = report.ToJson();
            if (report.Verdict == ValidationVerdict.Blocked || report.RowsValid == 0)
            {
                var why = report.Verdict == ValidationVerdict.Blocked
                    ? "The validation blocked publishing; see the report."
                    : "No row passed validation; see the report.";
                validate.Failed(why);
                version.Status = VersionStatus.Discarded;
                throw new HarvestException(why);
            }
            if (report.RowsValid > harvestOptions.Value.MaxRows)
            {
                validate.Failed("Too many rows.");
                version.Status = VersionStatus.Discarded;
                throw new HarvestException($"The source has {report.RowsValid:N0} rows, more than the limit of {harvestOptions.Value.MaxRows:N0}.");
            }
            validate.Succeeded(rows: report.RowsRead);

            var stage = new StageTimer(run, HarvestStage.Stage, item.Key, clock);
            stagedRows = await staged.CompleteAsync(ct);
            stage.Succeeded(rows: stagedRows);
        }

        // Publish: downloads first, then one catalogue transaction moves readers to the new version.
        var publish = new StageTimer(run, HarvestStage.Publish, item.Key, clock);
        try
        {
            var organisation = dataset.Organisation!;
            var context = new ExportContext(layout, dataset.Title, dataset.Description, dataset.License,
                Publisher: organisation.Name, VersionNumber: number, PublishedAt: clock.GetUtcNow());
            var generated = await downloads.GenerateAsync($"{organisation.Slug}/{dataset.Slug}/v{number}", context,
                token => rowStore.ReadRowsAsync(version.TableName, layout, token), ct);

            var now = clock.GetUtcNow();
            version.RowCount = stagedRows;
            version.MinLatitude = box.MinLatitude;
            version.MaxLatitude = box.MaxLatitude;
            version.MinLongitude = box.MinLongitude;
            version.MaxLongitude = box.MaxLongitude;
            version.Distributions = generated.Select(g => new Distribution
            {
                DatasetVersionId = version.Id, Format = g.Format, MediaType = g.MediaType, StorageKey = g.StorageKey,
                ByteSize = g.ByteSize, Sha256 = g.Sha256, CreatedAt = now,
            }).ToList();

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (dataset.CurrentVersionId is { } previousId)
                await db.DatasetVersions.Where(v => v.Id == previousId)
                    .ExecuteUpdateAsync(u => u.SetProperty(v => v.Status, VersionStatus.Superseded), ct);
            version.Status = VersionStatus.Published;
            version.PublishedAt = now;
            dataset.CurrentVersionId = version.Id;
            dataset.Status = DatasetStatus.Published;
            dataset.Issued ??= now;
            dataset.Modified = now;
            if (schema.Specification is { } spec)
            {
                dataset.SpecificationId = spec.Id;
                dataset.SpecificationVersion = spec.Version;
            }
            run.DatasetVersionId = version.Id;
            run.Status = report.RowsInvalid > 0 || report.Verdict == ValidationVerdict.PublishableWithWarnings
                ? HarvestRunStatus.SucceededWithWarnings
                : HarvestRunStatus.Succeeded;
            RememberFetch(source, fetched);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            publish.Succeeded(bytes: generated.Sum(g => g.ByteSize), rows: stagedRows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            publish.Failed(HarvestErrors.Describe(ex));
            version.Status = VersionStatus.Discarded;
            await DiscardAsync(version);
            throw;
        }
        await ApplyRetentionAsync(dataset.Id, ct);
    }

    private sealed record ResolvedSchema(TableSchema Schema, Specification? Specification);

    private async Task<ResolvedSchema> ResolveSchemaAsync(HarvestSource source, ISourceAdapter adapter, FetchResult fetched, HarvestRun run, SourceItem item, CancellationToken ct)
    {
        if (source.SpecificationId is { } specId)
        {
            var spec = specifications.Find(specId, source.SpecificationVersion)
                ?? throw new HarvestException($"The specification '{specId}'{(source.SpecificationVersion is null ? "" : $" version {source.SpecificationVersion}")} is not known to this instance.");
            return new ResolvedSchema(spec.Schema, spec);
        }
        // No specification: the whole file is sampled so that a late odd value cannot break the load.
        await using var table = await adapter.OpenAsync(fetched, source, ct);
        return new ResolvedSchema(await new SchemaInferrer().InferAsync(table, ct), null);
    }

    private static void RememberFetch(HarvestSource source, FetchResult fetched)
    {
        if (fetched.NotModified) return;
        source.LastETag = fetched.ETag;
        source.LastModifiedHeader = fetched.LastModified;
        source.LastContentHash = fetched.Sha256;
    }

    /// <summary>Removes the rows and files of a version that never became visible.</summary>
    private async Task DiscardAsync(DatasetVersion version)
    {
        try
        {
            await rowStore.DropTableAsync(version.TableName, CancellationToken.None);
            await downloads.DeleteAsync(version.Distributions.Select(d => (d.StorageKey, d.MediaType)).ToList(), CancellationToken.None);
            version.Distributions.Clear();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not clean up discarded version {Table}.", version.TableName);
        }
    }

    /// <summary>Keeps the current version plus the configured number of older ones; older tables and files go.</summary>
    private async Task ApplyRetentionAsync(Guid datasetId, CancellationToken ct)
    {
        var keep = Math.Max(0, storageOptions.Value.RetainedVersions);
        var expired = await db.DatasetVersions.Include(v => v.Distributions)
            .Where(v => v.DatasetId == datasetId && v.Status == VersionStatus.Superseded)
            .OrderByDescending(v => v.Number).Skip(keep).ToListAsync(ct);
        foreach (var version in expired)
        {
            await DiscardAsync(version);
            version.Status = VersionStatus.Discarded;
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task MarkFailedAsync(HarvestRun run, string error)
    {
        run.Status = HarvestRunStatus.Failed;
        run.Error = error;
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
            using var timer = new PeriodicTimer(harvestOptions.Value.HeartbeatInterval, clock);
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

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { }
    }
}
