using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>An item's data fetched into a work file (deleted on dispose), or recognised as unchanged.</summary>
public sealed class FetchedItem : IDisposable
{
    private readonly WorkFiles _work;

    internal FetchedItem(WorkFiles work, IItemReader reader, FetchResult result, bool unchanged)
    {
        _work = work;
        Reader = reader;
        Result = result;
        Unchanged = unchanged;
    }

    public IItemReader Reader { get; }
    public FetchResult Result { get; }

    /// <summary>Not modified, or the same bytes as the published version: nothing to load.</summary>
    public bool Unchanged { get; }

    public void Dispose() => _work.Dispose();
}

/// <summary>
/// Version loading: fetches an item's data (conditionally, so an unchanged source costs one request), then
/// streams it through the validator into a fresh row table under a reserved version number. The table is
/// invisible to readers until the publish stage switches to it; a load that fails discards it.
/// </summary>
public sealed class VersionLoader(
    CatalogueDbContext db,
    IEnumerable<IItemReader> readers,
    IRowStore rowStore,
    ISpecificationRegistry specifications,
    VersionPublisher publisher,
    IOptions<HarvestOptions> options,
    TimeProvider clock)
{
    public async Task<FetchedItem> FetchAsync(HarvestSource source, SourceItem item, ReconciledItem target, HarvestRun run, CancellationToken ct)
    {
        var kind = item.DataKind ?? source.Kind;
        var reader = readers.FirstOrDefault(r => r.Kind == kind)
            ?? throw new HarvestException($"Data of kind {kind} cannot be loaded by this instance.");
        var work = new WorkFiles(options.Value.WorkDirectory);
        try
        {
            var (record, dataset) = (target.Record, target.Dataset);
            var timer = new StageTimer(run, HarvestStage.Fetch, item.Key, clock);
            var conditions = dataset.CurrentVersionId is null || item.Location != record.DataLocation
                ? FetchConditions.None
                : new FetchConditions(record.LastETag, record.LastModifiedHeader);
            FetchResult fetched;
            try { fetched = await reader.FetchAsync(item, source, conditions, work.New(".download"), ct); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { timer.Failed(HarvestErrors.Describe(ex)); throw; }
            run.AddFetched(fetched.Bytes);
            var unchanged = dataset.CurrentVersionId is not null
                && (fetched.NotModified || (fetched.Sha256 is not null && fetched.Sha256 == record.LastContentHash));
            if (unchanged)
            {
                timer.Skipped(fetched.NotModified ? "Not modified since the last harvest (HTTP 304)." : "Same content as the last harvest.");
                record.RememberFetch(item.Location, fetched.NotModified, fetched.ETag, fetched.LastModified, fetched.Sha256);
            }
            else timer.Succeeded(bytes: fetched.Bytes);
            return new FetchedItem(work, reader, fetched, unchanged);
        }
        catch
        {
            work.Dispose();
            throw;
        }
    }

    /// <summary>Validate → stage: rows stream from the file through the validator into a new table. Returns
    /// what publishing needs; the version's rows stay invisible until then.</summary>
    public async Task<(LoadedVersion Loaded, ValidationReport Report)> LoadAsync(HarvestSource source, SourceItem item, ReconciledItem target,
        FetchedItem fetched, HarvestRun run, bool onlyItem, CancellationToken ct)
    {
        var dataset = target.Dataset;
        var schema = await ResolveSchemaAsync(source, fetched, item, ct);
        var layout = new TableLayout(schema.Schema);
        var accumulation = await AccumulationAsync(source, dataset, layout, ct);
        var number = (await db.DatasetVersions.Where(v => v.DatasetId == dataset.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new DatasetVersion
        {
            DatasetId = dataset.Id,
            Number = number,
            TableName = SqlIdentifiers.VersionTableName(dataset.Id, number),
            SchemaJson = TableSchemaJson.Serialize(schema.Schema),
            HarvestRunId = run.Id,
            ContentHash = fetched.Result.Sha256,
            CreatedAt = clock.GetUtcNow(),
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync(ct); // reserves the version number
        // From here the version is the publish stage's business, in contexts of its own.
        db.Entry(version).State = EntityState.Detached;

        var validate = new StageTimer(run, HarvestStage.Validate, item.Key, clock);
        try
        {
            await using var staged = accumulation is null
                ? await rowStore.CreateStagingTableAsync(version.TableName, layout, ct)
                : await rowStore.CreateAccumulatingTableAsync(version.TableName, layout, accumulation, ct);
            var box = new BoundingBoxSink(staged, schema.Schema);
            ValidationReport report;
            try
            {
                await using var table = await fetched.Reader.OpenAsync(fetched.Result, item, source, ct);
                report = await new TableValidator().ValidateAsync(table, schema.Schema, box, null, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                validate.Failed(HarvestErrors.Describe(ex));
                throw;
            }
            run.AddRows(report.RowsRead, report.RowsValid, report.RowsInvalid);
            if (onlyItem) run.AttachReport(report.ToJson());
            if (Refusal(report) is { } why)
            {
                validate.Failed(why.Stage);
                throw new HarvestException(why.Run);
            }
            validate.Succeeded(rows: report.RowsRead);

            var stage = new StageTimer(run, HarvestStage.Stage, item.Key, clock);
            var stagedRows = await staged.CompleteAsync(ct);
            stage.Succeeded(rows: stagedRows);

            var r = fetched.Result;
            var loaded = new LoadedVersion(version.Id, dataset.Id, target.Record.Id, stagedRows,
                new LonLatExtent(box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude), schema.Specification,
                new FetchMemory(item.Location, r.NotModified, r.ETag, r.LastModified, r.Sha256),
                report.RowsRead == 0 ? 1.0 : (double)report.RowsValid / report.RowsRead, EndsMidRecordAt(report));
            return (loaded, report);
        }
        catch
        {
            await publisher.DiscardAsync(version.Id);
            throw;
        }
    }

    /// <summary>
    /// Append mode: the published version's rows are carried into the new one by the specification's key (see
    /// <see cref="RowAccumulation"/>). Null when the source replaces its rows, or nothing is published yet.
    /// </summary>
    private async Task<RowAccumulation?> AccumulationAsync(HarvestSource source, Dataset dataset, TableLayout layout, CancellationToken ct)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        if (settings.Mode != HarvestMode.Append) return null;
        var key = layout.Schema.PrimaryKey;
        if (key.Count == 0)
            throw new HarvestException("Källan ska lägga till rader, men dess specifikation har ingen nyckel (primaryKey) som skiljer raderna åt; " +
                "välj en specifikation med nyckel eller låt varje hämtning ersätta datamängden. / The source appends rows, but its specification " +
                "has no key (primaryKey) telling rows apart; choose a specification with a key, or let each harvest replace the dataset.");
        if (dataset.CurrentVersionId is not { } currentId) return null;
        var current = await db.DatasetVersions.AsNoTracking().FirstAsync(v => v.Id == currentId, ct);
        if (!SameColumns(new TableLayout(TableSchemaJson.Parse(current.SchemaJson)), layout))
            throw new HarvestException("Källan ska lägga till rader, men kolumnerna skiljer sig från den publicerade versionens; " +
                "låt en hämtning ersätta datamängden och slå sedan på tillägg igen. / The source appends rows, but its columns differ from the " +
                "published version's; let one harvest replace the dataset, then turn appending on again.");
        return new RowAccumulation(current.TableName, key.Select(layout.ColumnOf).ToList(), settings.ExistingRows == ExistingRows.Update);
    }

    private static bool SameColumns(TableLayout published, TableLayout loaded) =>
        published.ColumnNames.SequenceEqual(loaded.ColumnNames, StringComparer.Ordinal)
        && published.Schema.Fields.Select(f => f.Type).SequenceEqual(loaded.Schema.Fields.Select(f => f.Type))
        && (published.Schema.Geometry is null) == (loaded.Schema.Geometry is null);

    /// <summary>Why a validated load may not be published at all: (for the stage, for the run).</summary>
    private (string Stage, string Run)? Refusal(ValidationReport report)
    {
        if (report.Verdict == ValidationVerdict.Blocked) return ("The validation blocked publishing; see the report.", "The validation blocked publishing; see the report.");
        if (report.RowsValid == 0) return ("No row passed validation; see the report.", "No row passed validation; see the report.");
        var max = options.Value.MaxRows;
        if (report.RowsValid > max)
            return ("Too many rows.", string.Create(CultureInfo.InvariantCulture, $"The source has {report.RowsValid:N0} rows, more than the limit of {max:N0} (Harvesting:MaxRows)."));
        return null;
    }

    /// <summary>The reader's sign that the file was cut off: the number of its last, unfinished row.</summary>
    private static long? EndsMidRecordAt(ValidationReport report) =>
        report.Facts.TryGetValue(CsvTabularSource.EndsMidRecordFact, out var at) && long.TryParse(at, CultureInfo.InvariantCulture, out var row) ? row : null;

    private sealed record ResolvedSchema(TableSchema Schema, Specification? Specification);

    private async Task<ResolvedSchema> ResolveSchemaAsync(HarvestSource source, FetchedItem fetched, SourceItem item, CancellationToken ct)
    {
        if (source.SpecificationId is { } specId)
        {
            var spec = specifications.Find(specId, source.SpecificationVersion)
                ?? throw new HarvestException($"The specification '{specId}'{(source.SpecificationVersion is null ? "" : $" version {source.SpecificationVersion}")} is not known to this instance.");
            return new ResolvedSchema(spec.Schema, spec);
        }
        // No specification: the whole file is sampled so that a late odd value cannot break the load.
        await using var table = await fetched.Reader.OpenAsync(fetched.Result, item, source, ct);
        return new ResolvedSchema(await new SchemaInferrer().InferAsync(table, ct), null);
    }
}
