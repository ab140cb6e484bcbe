using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>What happened to one item in a run.</summary>
public enum ItemOutcome { Published, Unchanged, Recorded, Failed, Held }

/// <summary>
/// Runs one source through gather → fetch → validate → stage → publish → downloads. Gather lists the
/// source's items; each item, under its stable key, then goes through the other stages on its own and is
/// recorded on the run. Rows go into a fresh table; readers move to it in the publish transaction, so an
/// item that fails before that leaves its last good version served untouched. The download files are
/// generated after the switch (until they exist, downloads stream from the row table); when that fails the
/// version stays published and a later run, even of an unchanged source, generates the missing files.
/// Items the source no longer lists are withdrawn after the grace period.
/// </summary>
public sealed class HarvestPipeline(
    CatalogueDbContext db,
    IEnumerable<ISourceAdapter> adapters,
    IEnumerable<IItemReader> readers,
    IRowStore rowStore,
    ISpecificationRegistry specifications,
    DownloadGenerator downloads,
    VersionPublisher publisher,
    IServiceScopeFactory scopes,
    IHarvestNotifier notifier,
    IOptions<HarvestOptions> harvestOptions,
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

        if (trigger == "startup" && await StartupHarvests.FailsRepeatedlyAsync(db, sourceId, cancellationToken))
        {
            // A start-up harvest delivered again after the process died: the source waits for its schedule.
            logger.LogWarning("Source {Source} failed the same way in its last runs; not harvesting it at start-up.", source.Name);
            return null;
        }
        var run = new HarvestRun { SourceId = source.Id, Trigger = trigger, StartedAt = clock.GetUtcNow(), HeartbeatAt = clock.GetUtcNow() };
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = BeatAsync(run.Id, heartbeatStop.Token);
        var tally = new RunTally();
        try
        {
            await ExecuteAsync(source, run, tally, cancellationToken);
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
        }

        run.FinishedAt = clock.GetUtcNow();
        (run.SummarySv, run.SummaryEn) = RunReport.Summarise(run, tally);
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
        if (run.Status is HarvestRunStatus.Failed or HarvestRunStatus.HeldForReview || run.Degraded)
        {
            try { await notifier.RunNeedsAttentionAsync(new HarvestNotice(source.Id, source.Name, run.Id, run.Status, run.Degraded, run.SummarySv ?? "", run.SummaryEn ?? ""), CancellationToken.None); }
            catch (Exception ex) { logger.LogWarning(ex, "Notifying about run {Run} failed.", run.Id); }
        }
        RunMemory.ReturnAfter(run);
        return run;
    }

    private async Task ExecuteAsync(HarvestSource source, HarvestRun run, RunTally tally, CancellationToken ct)
    {
        var opts = harvestOptions.Value;
        SourceSettings settings;
        try { settings = SourceSettings.Parse(source.SettingsJson); }
        catch (JsonException ex) { throw new HarvestException($"The source's settings are not understood: {ex.Message}"); }
        var adapter = adapters.FirstOrDefault(a => a.Kind == source.Kind)
            ?? throw new HarvestException($"Sources of kind {source.Kind} cannot be harvested by this instance.");

        // Gather
        var gather = new StageTimer(run, HarvestStage.Gather, null, clock);
        IReadOnlyList<SourceItem> items;
        try
        {
            items = await WithTimeoutAsync(token => adapter.GatherAsync(source, token), opts.GatherTimeout, "Listing the source's items", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            gather.Failed(HarvestErrors.Describe(ex));
            throw;
        }
        items = items.DistinctBy(i => i.Key, StringComparer.Ordinal).ToList();
        gather.Succeeded(rows: items.Count);
        run.ItemsGathered = items.Count;

        var known = await db.HarvestSourceItems.Where(i => i.SourceId == source.Id).ToDictionaryAsync(i => i.ItemKey, StringComparer.Ordinal, ct);
        var failures = new List<string>();
        foreach (var item in items)
        {
            var record = known.GetValueOrDefault(item.Key) ?? await RegisterItemAsync(source, item, adapter.CreatesDatasets, ct);
            known[item.Key] = record;
            var dataset = await db.Datasets.Include(d => d.Organisation).FirstAsync(d => d.Id == record.DatasetId, ct);
            Reappear(record, dataset);
            var metadataChanged = ApplyMetadata(item, record, dataset);
            record.LastRunId = run.Id;
            record.Title = dataset.Title;
            ItemOutcome outcome;
            try
            {
                outcome = item.HasData
                    ? await LoadItemAsync(source, item, record, dataset, run, tally, items.Count == 1, ct)
                    : metadataChanged ? ItemOutcome.Recorded : ItemOutcome.Unchanged;
                // A record keeps its notes (values the metadata rules left out) also when its data loaded.
                record.LastError = item.HasData ? (item.Record?.Notes is { Count: > 0 } notes ? string.Join(" ", notes) : null) : NotesOf(item);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var why = HarvestErrors.Describe(ex);
                logger.LogInformation("Item {Item} of {Source} failed: {Why}", item.Key, source.Name, why);
                record.LastError = why;
                failures.Add(items.Count == 1 ? why : $"{item.Key}: {why}");
                outcome = ItemOutcome.Failed;
            }
            if (metadataChanged && outcome == ItemOutcome.Unchanged) outcome = ItemOutcome.Recorded;
            tally.Count(outcome);
            await db.SaveChangesAsync(ct);
        }

        var seen = items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var feeding = items.Select(i => known[i.Key].DatasetId).ToHashSet();
        await WithdrawMissingAsync(known.Values.Where(k => !seen.Contains(k.ItemKey)), feeding, settings.WithdrawAfter ?? opts.WithdrawalGrace, run, tally, ct);

        run.ItemsPublished = tally.Published + tally.Recorded;
        run.ItemsUnchanged = tally.Unchanged;
        run.ItemsFailed = tally.Failed;
        run.ItemsWithdrawn = tally.Withdrawn;
        if (items.Count > 0 && tally.Failed == items.Count)
        {
            run.Status = HarvestRunStatus.Failed;
            run.Error = failures.Count == 1 ? failures[0] : $"All {failures.Count} items failed. First: {failures[0]}";
        }
        else if (tally.Held.Count > 0)
        {
            run.Status = HarvestRunStatus.HeldForReview;
            if (tally.Failed > 0) run.Error = $"{tally.Failed} of {items.Count} items failed. First: {failures[0]}";
        }
        else if (tally.Failed > 0)
        {
            run.Status = HarvestRunStatus.SucceededWithWarnings;
            run.Error = $"{tally.Failed} of {items.Count} items failed. First: {failures[0]}";
        }
        else if (tally.Published + tally.Recorded + tally.Withdrawn == 0) run.Status = HarvestRunStatus.Unchanged;
        else run.Status = tally.Warnings ? HarvestRunStatus.SucceededWithWarnings : HarvestRunStatus.Succeeded;
    }

    /// <summary>Creates the record of an item met for the first time, and its dataset unless the source
    /// has exactly one (the dataset made when the source was registered).</summary>
    private async Task<HarvestSourceItem> RegisterItemAsync(HarvestSource source, SourceItem item, bool createsDataset, CancellationToken ct)
    {
        var datasetId = source.DatasetId;
        if (createsDataset)
        {
            var record = item.Record ?? new CatalogueRecord(item.Key, null);
            var slug = await UniqueSlugAsync(source.OrganisationId, Slugs.From(record.Title), ct);
            var dataset = new Dataset
            {
                OrganisationId = source.OrganisationId, Slug = slug, Title = record.Title,
                Description = record.Description ?? record.Title, CreatedAt = clock.GetUtcNow(),
            };
            db.Datasets.Add(dataset);
            datasetId = dataset.Id;
        }
        var now = clock.GetUtcNow();
        var created = new HarvestSourceItem { SourceId = source.Id, ItemKey = item.Key, DatasetId = datasetId, FirstSeenAt = now, LastSeenAt = now };
        db.HarvestSourceItems.Add(created);
        await db.SaveChangesAsync(ct);
        return created;
    }

    private async Task<string> UniqueSlugAsync(Guid organisationId, string wanted, CancellationToken ct)
    {
        var taken = await db.Datasets.Where(d => d.OrganisationId == organisationId && d.Slug.StartsWith(wanted)).Select(d => d.Slug).ToListAsync(ct);
        taken.AddRange(db.ChangeTracker.Entries<Dataset>().Where(e => e.State == EntityState.Added && e.Entity.OrganisationId == organisationId).Select(e => e.Entity.Slug));
        if (!taken.Contains(wanted)) return wanted;
        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted[..Math.Min(wanted.Length, 58)]}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    private void Reappear(HarvestSourceItem record, Dataset dataset)
    {
        record.LastSeenAt = clock.GetUtcNow();
        record.MissingSince = null;
        if (record.Status == SourceItemStatus.Withdrawn && dataset.CurrentVersionId is not null) dataset.Status = DatasetStatus.Published;
        record.Status = SourceItemStatus.Active;
        record.WithdrawnAt = null;
    }

    /// <summary>Takes a catalogue's metadata over into the dataset when it changed. True when it did.</summary>
    private static bool ApplyMetadata(SourceItem item, HarvestSourceItem record, Dataset dataset)
    {
        if (item.Record is not { } r) return false;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(r))));
        if (hash == record.MetadataHash) return false;
        record.MetadataHash = hash;
        dataset.Title = r.Title;
        dataset.TitleEn = r.TitleEn;
        dataset.Description = r.Description ?? r.Title;
        dataset.DescriptionEn = r.DescriptionEn;
        dataset.Keywords = [.. r.Keywords];
        dataset.Themes = [.. r.Themes];
        if (r.License is not null) dataset.License = r.License;
        if (r.ContactEmail is not null) dataset.ContactEmail = r.ContactEmail;
        return true;
    }

    private static string? NotesOf(SourceItem item) =>
        item.Record?.Notes is { Count: > 0 } notes ? string.Join(" ", notes) : "The record has no distribution in a format the harvester loads (CSV, GeoJSON, XLSX); only its metadata was taken over.";

    private async Task WithdrawMissingAsync(IEnumerable<HarvestSourceItem> missing, HashSet<Guid> stillFed, TimeSpan grace, HarvestRun run, RunTally tally, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var record in missing.Where(r => r.Status != SourceItemStatus.Withdrawn))
        {
            record.MissingSince ??= now;
            record.Status = SourceItemStatus.Missing;
            if (now - record.MissingSince < grace || stillFed.Contains(record.DatasetId))
            {
                tally.Missing.Add(record.Title ?? record.ItemKey);
                continue;
            }
            var dataset = await db.Datasets.FirstAsync(d => d.Id == record.DatasetId, ct);
            dataset.Status = DatasetStatus.Withdrawn; // versions stay as history; readers no longer see it
            dataset.Modified = now;
            record.Status = SourceItemStatus.Withdrawn;
            record.WithdrawnAt = now;
            tally.Withdrawn++;
            tally.WithdrawnTitles.Add(record.Title ?? record.ItemKey);
            run.Stages.Add(new HarvestStageRecord
            {
                HarvestRunId = run.Id, Stage = HarvestStage.Publish, ItemKey = record.ItemKey, Outcome = StageOutcome.Skipped, StartedAt = now,
                Error = $"Withdrawn: the source has not listed this item since {record.MissingSince:u}.",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Fetch → validate → stage → publish for one item.</summary>
    private async Task<ItemOutcome> LoadItemAsync(HarvestSource source, SourceItem item, HarvestSourceItem record, Dataset dataset, HarvestRun run, RunTally tally, bool onlyItem, CancellationToken ct)
    {
        var kind = item.DataKind ?? source.Kind;
        var reader = readers.FirstOrDefault(r => r.Kind == kind)
            ?? throw new HarvestException($"Data of kind {kind} cannot be loaded by this instance.");
        using var work = new WorkFiles(harvestOptions.Value.WorkDirectory);
        var workFile = work.New(".download");

        // Fetch
        var fetch = new StageTimer(run, HarvestStage.Fetch, item.Key, clock);
        FetchResult fetched;
        var conditions = dataset.CurrentVersionId is null || item.Location != record.DataLocation
            ? FetchConditions.None
            : new FetchConditions(record.LastETag, record.LastModifiedHeader);
        try { fetched = await reader.FetchAsync(item, source, conditions, workFile, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { fetch.Failed(HarvestErrors.Describe(ex)); throw; }
        run.BytesFetched += fetched.Bytes;
        var hasPublished = dataset.CurrentVersionId is not null;
        if (hasPublished && (fetched.NotModified || (fetched.Sha256 is not null && fetched.Sha256 == record.LastContentHash)))
        {
            fetch.Skipped(fetched.NotModified ? "Not modified since the last harvest (HTTP 304)." : "Same content as the last harvest.");
            record.RememberFetch(item.Location, fetched.NotModified, fetched.ETag, fetched.LastModified, fetched.Sha256);
            await CompleteMissingDownloadsAsync(item.Key, dataset, run, tally, ct);
            return ItemOutcome.Unchanged;
        }
        fetch.Succeeded(bytes: fetched.Bytes);

        using var loadTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        loadTimeout.CancelAfter(harvestOptions.Value.LoadTimeout);
        (DatasetVersion Version, bool Published) loaded;
        try
        {
            loaded = await StageAndPublishAsync(source, item, record, dataset, run, tally, reader, fetched, onlyItem, loadTimeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HarvestException($"Validating and publishing took longer than {harvestOptions.Value.LoadTimeout.TotalMinutes:0} minutes (Harvesting:LoadTimeout).");
        }
        if (!loaded.Published) return ItemOutcome.Held;
        await GenerateDownloadsAsync(item.Key, dataset, loaded.Version, run, tally, ct, newlyPublished: true);
        return ItemOutcome.Published;
    }

    /// <summary>Validate → stage → publish; returns the version loaded and whether readers now see it (false:
    /// held for review).</summary>
    private async Task<(DatasetVersion Version, bool Published)> StageAndPublishAsync(HarvestSource source, SourceItem item, HarvestSourceItem record, Dataset dataset, HarvestRun run, RunTally tally,
        IItemReader reader, FetchResult fetched, bool onlyItem, CancellationToken ct)
    {
        // Validate + stage: rows stream from the file through the validator into a new table.
        var schema = await ResolveSchemaAsync(source, reader, item, fetched, ct);
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
        try
        {
            await using (var staged = await rowStore.CreateStagingTableAsync(version.TableName, layout, ct))
            {
                box = new BoundingBoxSink(staged, schema.Schema);
                try
                {
                    await using var table = await reader.OpenAsync(fetched, item, source, ct);
                    report = await new TableValidator().ValidateAsync(table, schema.Schema, box, null, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    validate.Failed(HarvestErrors.Describe(ex));
                    throw;
                }
                run.RowsRead += report.RowsRead;
                run.RowsAccepted += report.RowsValid;
                run.RowsRejected += report.RowsInvalid;
                if (onlyItem) run.ReportJson = report.ToJson();
                if (report.Verdict == ValidationVerdict.Blocked || report.RowsValid == 0)
                {
                    var why = report.Verdict == ValidationVerdict.Blocked
                        ? "The validation blocked publishing; see the report."
                        : "No row passed validation; see the report.";
                    validate.Failed(why);
                    throw new HarvestException(why);
                }
                if (report.RowsValid > harvestOptions.Value.MaxRows)
                {
                    validate.Failed("Too many rows.");
                    throw new HarvestException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The source has {report.RowsValid:N0} rows, more than the limit of {harvestOptions.Value.MaxRows:N0} (Harvesting:MaxRows)."));
                }
                validate.Succeeded(rows: report.RowsRead);

                var stage = new StageTimer(run, HarvestStage.Stage, item.Key, clock);
                stagedRows = await staged.CompleteAsync(ct);
                stage.Succeeded(rows: stagedRows);
            }
        }
        catch
        {
            db.Entry(version).State = EntityState.Detached;
            await publisher.DiscardAsync(version.Id);
            throw;
        }

        // Publish: one save of its own moves readers to the new version (or holds it for review). Its download
        // files follow in their own stage; until then the download endpoints stream from the new table.
        var publish = new StageTimer(run, HarvestStage.Publish, item.Key, clock);
        await db.SaveChangesAsync(ct); // the run's own bookkeeping first: the switch is saved apart from it
        PublishOutcome outcome;
        try
        {
            var validShare = report.RowsRead == 0 ? 1.0 : (double)report.RowsValid / report.RowsRead;
            long? endsMidRecordAt = report.Facts.TryGetValue(CsvTabularSource.EndsMidRecordFact, out var at)
                && long.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out var row) ? row : null;
            outcome = await publisher.PublishAsync(new LoadedVersion(
                version.Id, dataset.Id, record.Id, stagedRows,
                new LonLatExtent(box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude),
                schema.Specification, new FetchMemory(item.Location, fetched.NotModified, fetched.ETag, fetched.LastModified, fetched.Sha256),
                validShare, endsMidRecordAt), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            publish.Failed(HarvestErrors.Describe(ex));
            db.Entry(version).State = EntityState.Detached;
            throw;
        }
        // What the switch changed, as the catalogue now has it.
        await db.Entry(dataset).ReloadAsync(ct);
        await db.Entry(record).ReloadAsync(ct);
        await db.Entry(version).ReloadAsync(ct);
        if (onlyItem) run.DatasetVersionId = version.Id;
        if (report.RowsInvalid > 0 || report.Verdict == ValidationVerdict.PublishableWithWarnings) tally.Warnings = true;
        if (outcome.Hold is { } hold)
        {
            publish.Skipped($"Held for review: {hold.English}");
            tally.Held.Add((dataset.Title, hold));
            return (version, false);
        }
        publish.Succeeded(rows: stagedRows);
        if (outcome.QualityDropped)
        {
            run.Degraded = true;
            tally.QualityDropped = true;
        }
        await publisher.ApplyRetentionAsync(dataset.Id, ct);
        return (version, true);
    }

    /// <summary>
    /// The Downloads stage: writes every download file of a published version and records them as its
    /// distributions. A failure is recorded (stage failed, run degraded) but never unpublishes the
    /// version: readers keep getting its downloads streamed from the row table, and the next run
    /// retries (see <see cref="CompleteMissingDownloadsAsync"/>). A version just published first gets its
    /// table's query statistics, which publishing did not wait for.
    /// </summary>
    private async Task GenerateDownloadsAsync(string itemKey, Dataset dataset, DatasetVersion version, HarvestRun run, RunTally tally,
        CancellationToken ct, bool newlyPublished = false)
    {
        var timer = new StageTimer(run, HarvestStage.Downloads, itemKey, clock);
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
            run.Degraded = true;
            tally.Warnings = true;
            tally.DownloadFailures.Add($"{dataset.Title} v{version.Number}: {why}");
        }
    }

    /// <summary>For an unchanged item: generates the current version's download files again when any is
    /// missing (an earlier Downloads stage failed, or files were lost from the store).</summary>
    private async Task CompleteMissingDownloadsAsync(string itemKey, Dataset dataset, HarvestRun run, RunTally tally, CancellationToken ct)
    {
        if (dataset.CurrentVersionId is not { } currentId) return;
        var version = await db.DatasetVersions.Include(v => v.Distributions).FirstOrDefaultAsync(v => v.Id == currentId, ct);
        if (version is null || version.Status != VersionStatus.Published) return;
        var layout = new TableLayout(TableSchemaJson.Parse(version.SchemaJson));
        var recorded = version.Distributions.Select(d => (d.Format, d.StorageKey)).ToList();
        if (await downloads.IsCompleteAsync(layout, recorded, ct)) return;
        await GenerateDownloadsAsync(itemKey, dataset, version, run, tally, ct);
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
            var distribution = version.Distributions.FirstOrDefault(d => d.Format == file.Format);
            if (distribution is null)
            {
                distribution = new Distribution
                {
                    DatasetVersionId = version.Id, Format = file.Format, MediaType = file.MediaType, StorageKey = file.StorageKey, Sha256 = file.Sha256,
                };
                version.Distributions.Add(distribution);
            }
            distribution.MediaType = file.MediaType;
            distribution.StorageKey = file.StorageKey;
            distribution.ByteSize = file.ByteSize;
            distribution.Sha256 = file.Sha256;
            distribution.CreatedAt = now;
        }
        await recording.SaveChangesAsync(ct);
    }

    private sealed record ResolvedSchema(TableSchema Schema, Specification? Specification);

    private async Task<ResolvedSchema> ResolveSchemaAsync(HarvestSource source, IItemReader reader, SourceItem item, FetchResult fetched, CancellationToken ct)
    {
        if (source.SpecificationId is { } specId)
        {
            var spec = specifications.Find(specId, source.SpecificationVersion)
                ?? throw new HarvestException($"The specification '{specId}'{(source.SpecificationVersion is null ? "" : $" version {source.SpecificationVersion}")} is not known to this instance.");
            return new ResolvedSchema(spec.Schema, spec);
        }
        // No specification: the whole file is sampled so that a late odd value cannot break the load.
        await using var table = await reader.OpenAsync(fetched, item, source, ct);
        return new ResolvedSchema(await new SchemaInferrer().InferAsync(table, ct), null);
    }



    private static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> action, TimeSpan limit, string what, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try { return await action(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HarvestException($"{what} took longer than {limit.TotalSeconds:0} seconds.");
        }
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
}
