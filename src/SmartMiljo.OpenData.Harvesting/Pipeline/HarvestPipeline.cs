using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Pipeline.Stages;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>What happened to one item in a run.</summary>
public enum ItemOutcome { Published, Unchanged, Recorded, Failed, Held }

/// <summary>
/// Runs one source through its stages, as ckanext-harvest's gather → fetch → import: gather lists the source's
/// items; each item, under its stable key, is reconciled with what the source listed before, fetched, loaded
/// into a fresh table, published (the switch, or a hold for review) and given its download files, and is
/// recorded on the run; items the source no longer lists are withdrawn after the grace period. Every stage
/// does its own work (see <c>Pipeline/Stages</c>); this class only decides what runs next. An item that fails
/// before its switch leaves its last good version served untouched; download files that fail leave the
/// version published (streamed from its table) for a later run to complete.
/// </summary>
public sealed class HarvestPipeline(
    CatalogueDbContext db,
    IEnumerable<ISourceAdapter> adapters,
    RunLifecycle lifecycle,
    ItemReconciliation reconciliation,
    VersionLoader loader,
    DiffStage diffing,
    PublishStage publishing,
    DownloadsStage downloads,
    IOptions<HarvestOptions> harvestOptions,
    TimeProvider clock,
    ILogger<HarvestPipeline> logger)
{
    /// <summary>Harvests a source now. Returns the finished run, or null when it must not run now (another
    /// live run of the same source, or a start-up harvest of a source that keeps failing).</summary>
    public async Task<HarvestRun?> RunAsync(Guid sourceId, string trigger, CancellationToken cancellationToken)
    {
        var begun = await lifecycle.BeginAsync(sourceId, trigger, cancellationToken);
        if (begun is null) return null;
        var (source, run) = begun.Value;
        var tally = new RunTally();
        await using (lifecycle.Heartbeat(run.Id, cancellationToken))
        {
            try
            {
                await ExecuteAsync(source, run, tally, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Harvest of {Source} failed.", source.Name);
                run.Fail(HarvestErrors.Describe(ex));
            }
        }
        await lifecycle.FinishAsync(source, run, tally);
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

        var items = await GatherAsync(adapter, source, run, ct);
        var known = await reconciliation.KnownItemsAsync(source.Id, ct);
        var failures = new List<string>();
        foreach (var item in items)
        {
            // Reconciling is the item's own work too: a record the catalogue cannot take costs its item, not the run.
            ReconciledItem? target = null;
            ItemOutcome outcome;
            try
            {
                target = await reconciliation.ReconcileAsync(source, item, known, adapter.CreatesDatasets, run.Id, ct);
                outcome = item.HasData
                    ? await HarvestItemAsync(source, item, target, run, tally, items.Count == 1, ct)
                    : PublishRecord(target, adapter.CreatesDatasets) ? ItemOutcome.Published
                    : target.MetadataChanged ? ItemOutcome.Recorded : ItemOutcome.Unchanged;
                // A record keeps its notes (values the metadata rules left out) also when its data loaded.
                target.Record.Noted(ItemReconciliation.NotesOf(item));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var why = HarvestErrors.Describe(ex);
                logger.LogInformation("Item {Item} of {Source} failed: {Why}", item.Key, source.Name, why);
                (target?.Record ?? known.GetValueOrDefault(item.Key))?.Noted(item.Record?.Notes is { Count: > 0 } notes ? $"{why} {string.Join(" ", notes)}" : why);
                failures.Add(items.Count == 1 ? why : $"{item.Key}: {why}");
                outcome = ItemOutcome.Failed;
                // A catalogue record whose data could not be had (an unreachable host, a broken file) is still
                // published as a record pointing where its source points; the failure stays in the report.
                if (target is not null) PublishRecord(target, adapter.CreatesDatasets);
            }
            if (target is { MetadataChanged: true } && outcome == ItemOutcome.Unchanged) outcome = ItemOutcome.Recorded;
            RecordNotes(run, item);
            tally.Count(outcome);
            await db.SaveChangesAsync(ct);
        }

        var seen = items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var feeding = items.Where(i => known.ContainsKey(i.Key)).Select(i => known[i.Key].DatasetId).ToHashSet();
        await reconciliation.WithdrawMissingAsync(known.Values.Where(k => !seen.Contains(k.ItemKey)), feeding,
            settings.WithdrawAfter ?? opts.WithdrawalGrace, run, tally, ct);
        Conclude(run, tally, items.Count, failures);
    }

    /// <summary>Publishes a catalogue record that has no version of ours as a record (its description and its
    /// source's distributions). True when it became visible by this.</summary>
    private bool PublishRecord(ReconciledItem target, bool catalogue)
    {
        if (!catalogue || target.Dataset.CurrentVersionId is not null) return false;
        var wasPublished = target.Dataset.Status == Core.Catalogue.DatasetStatus.Published;
        target.Dataset.PublishRecordOnly(clock.GetUtcNow());
        return !wasPublished && target.Dataset.Status == Core.Catalogue.DatasetStatus.Published;
    }

    /// <summary>What was left out of a catalogue record, as a line of the run's report for that item (kept
    /// with the run, whatever happens to the item's data).</summary>
    private void RecordNotes(HarvestRun run, SourceItem item)
    {
        if (item.Record?.Notes is not { Count: > 0 } notes) return;
        run.Record(new HarvestStageRecord
        {
            HarvestRunId = run.Id, Stage = HarvestStage.Gather, ItemKey = item.Key, Outcome = StageOutcome.Succeeded,
            StartedAt = clock.GetUtcNow(), Error = "Notes: " + string.Join(" ", notes),
        });
    }

    /// <summary>Gather: the source's items, each key once.</summary>
    private async Task<List<SourceItem>> GatherAsync(ISourceAdapter adapter, HarvestSource source, HarvestRun run, CancellationToken ct)
    {
        var timer = new StageTimer(run, HarvestStage.Gather, null, clock);
        IReadOnlyList<SourceItem> listed;
        try
        {
            listed = await WithTimeoutAsync(token => adapter.GatherAsync(source, token), harvestOptions.Value.GatherTimeout, "Listing the source's items", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            timer.Failed(HarvestErrors.Describe(ex));
            throw;
        }
        var items = listed.DistinctBy(i => i.Key, StringComparer.Ordinal).ToList();
        timer.Succeeded(rows: items.Count);
        run.Gathered(items.Count);
        return items;
    }

    /// <summary>Fetch → load → diff → publish → downloads for one item.</summary>
    private async Task<ItemOutcome> HarvestItemAsync(HarvestSource source, SourceItem item, ReconciledItem target, HarvestRun run, RunTally tally,
        bool onlyItem, CancellationToken ct)
    {
        using var fetched = await loader.FetchAsync(source, item, target, run, ct);
        if (fetched.Unchanged)
        {
            await downloads.CompleteMissingAsync(item.Key, target.Dataset, run, tally, ct);
            return ItemOutcome.Unchanged;
        }

        var limit = harvestOptions.Value.LoadTimeout;
        using var loadTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        loadTimeout.CancelAfter(limit);
        LoadedVersion loaded;
        ItemOutcome published;
        try
        {
            (loaded, var report) = await loader.LoadAsync(source, item, target, fetched, run, onlyItem, loadTimeout.Token);
            if (await diffing.CompareAsync(item.Key, target.Dataset, loaded, run, loadTimeout.Token) is { } diff)
                tally.Changes.Add((target.Dataset.Title, diff));
            published = await publishing.PublishAsync(item.Key, target, loaded, report, run, tally, onlyItem, loadTimeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HarvestException($"Validating and publishing took longer than {limit.TotalMinutes:0} minutes (Harvesting:LoadTimeout).");
        }
        if (published != ItemOutcome.Published) return published;
        await downloads.GenerateAsync(item.Key, target.Dataset, loaded.VersionId, run, tally, ct, newlyPublished: true);
        return ItemOutcome.Published;
    }

    /// <summary>The run's outcome from what happened to its items.</summary>
    private static void Conclude(HarvestRun run, RunTally tally, int itemCount, List<string> failures)
    {
        var someFailed = tally.Failed > 0 ? $"{tally.Failed} of {itemCount} items failed. First: {failures[0]}" : null;
        var (status, error) = tally switch
        {
            _ when itemCount > 0 && tally.Failed == itemCount =>
                (HarvestRunStatus.Failed, failures.Count == 1 ? failures[0] : $"All {failures.Count} items failed. First: {failures[0]}"),
            { Held.Count: > 0 } => (HarvestRunStatus.HeldForReview, someFailed),
            { Failed: > 0 } => (HarvestRunStatus.SucceededWithWarnings, someFailed),
            _ when tally.Published + tally.Recorded + tally.Withdrawn == 0 => (HarvestRunStatus.Unchanged, null),
            _ => (tally.Warnings ? HarvestRunStatus.SucceededWithWarnings : HarvestRunStatus.Succeeded, null),
        };
        run.Conclude(status, error, tally.Published + tally.Recorded, tally.Unchanged, tally.Failed, tally.Withdrawn);
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
}
