using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline.Stages;

/// <summary>An item met in this run: its record under the source's key, the dataset it feeds, and whether
/// the catalogue's metadata of it changed.</summary>
public sealed record ReconciledItem(HarvestSourceItem Record, Dataset Dataset, bool MetadataChanged);

/// <summary>
/// Item bookkeeping: what the source lists now against what it listed before. An item met for the first time
/// is registered (with a dataset of its own under a unique slug, for catalogues); one listed again reappears;
/// a catalogue's metadata is taken over when it changed; items no longer listed are withdrawn after the grace
/// period. Changes are tracked in the run's context and saved with the run's bookkeeping.
/// </summary>
public sealed class ItemReconciliation(CatalogueDbContext db, TimeProvider clock)
{
    public Task<Dictionary<string, HarvestSourceItem>> KnownItemsAsync(Guid sourceId, CancellationToken ct) =>
        db.HarvestSourceItems.Where(i => i.SourceId == sourceId).ToDictionaryAsync(i => i.ItemKey, StringComparer.Ordinal, ct);

    public async Task<ReconciledItem> ReconcileAsync(HarvestSource source, SourceItem item, Dictionary<string, HarvestSourceItem> known,
        bool createsDatasets, Guid runId, CancellationToken ct)
    {
        var record = known.GetValueOrDefault(item.Key) ?? await RegisterAsync(source, item, createsDatasets, ct);
        known[item.Key] = record;
        var dataset = await db.Datasets.Include(d => d.Organisation).FirstAsync(d => d.Id == record.DatasetId, ct);
        var now = clock.GetUtcNow();
        if (record.Status == SourceItemStatus.Withdrawn) dataset.Reinstate();
        record.Seen(now);
        var metadataChanged = ApplyMetadata(item, record, dataset, SourceSettings.Parse(source.SettingsJson).RepublishesRecords(source.Kind), now);
        record.Touched(runId, dataset.Title);
        return new ReconciledItem(record, dataset, metadataChanged);
    }

    /// <summary>Creates the record of an item met for the first time, and its dataset unless the source
    /// has exactly one (the dataset made when the source was registered).</summary>
    private async Task<HarvestSourceItem> RegisterAsync(HarvestSource source, SourceItem item, bool createsDataset, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Guid datasetId;
        if (!createsDataset)
            datasetId = source.DatasetId ?? throw new InvalidOperationException($"The source '{source.Name}' feeds no dataset of its own, yet its adapter makes none.");
        else
        {
            var title = item.Record?.Title ?? item.Key;
            var slug = await UniqueSlugAsync(source.OrganisationId, Slugs.From(title), ct);
            var dataset = Dataset.Create(source.OrganisationId, slug,
                new DatasetDescription { Title = title, Description = item.Record?.Metadata.Description ?? title }, now);
            db.Datasets.Add(dataset);
            datasetId = dataset.Id;
        }
        var created = HarvestSourceItem.Register(source.Id, item.Key, datasetId, now);
        db.HarvestSourceItems.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // Left tracked, the refused rows would fail every later save of the run.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added
                         && (ReferenceEquals(e.Entity, created) || e.Entity is Dataset d && d.Id == datasetId)).ToList())
                entry.State = EntityState.Detached;
            throw;
        }
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

    /// <summary>Takes a catalogue's metadata over into the dataset when it (or the source's republish setting)
    /// changed. True when it did.</summary>
    private static bool ApplyMetadata(SourceItem item, HarvestSourceItem record, Dataset dataset, bool republish, DateTimeOffset now)
    {
        if (item.Record is not { } r) return false;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(r) + (republish ? "|republish" : ""))));
        if (hash == record.MetadataHash) return false;
        var organisationType = dataset.Organisation?.PublisherType.ToString() ?? nameof(PublisherType.LocalAuthority);
        dataset.Describe(r.ToDescription(dataset, organisationType), now);
        dataset.KeepSourceRecord(r.Distributions, r.Metadata.Issued, r.Metadata.Modified, republish);
        // Only once taken over: a description the dataset refused is tried again by the next run.
        record.MetadataApplied(hash);
        return true;
    }

    /// <summary>Why an item without loadable data has only its metadata taken over.</summary>
    public static string? NotesOf(SourceItem item) =>
        item.Record?.Notes is { Count: > 0 } notes ? string.Join(" ", notes)
        : item.HasData ? null : "The record has no distribution in a format the harvester loads (CSV, GeoJSON, XLSX); it is published as a catalogue record linking to its source.";

    /// <summary>Marks the items the source no longer lists as missing, and withdraws the datasets of those
    /// missing longer than the grace period (unless another listed item still feeds the same dataset).</summary>
    public async Task WithdrawMissingAsync(IEnumerable<HarvestSourceItem> missing, HashSet<Guid> stillFed, TimeSpan grace, HarvestRun run, RunTally tally, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var record in missing.Where(r => r.Status != SourceItemStatus.Withdrawn))
        {
            record.Missing(now);
            if (now - record.MissingSince < grace || stillFed.Contains(record.DatasetId))
            {
                tally.Missing.Add(record.Title ?? record.ItemKey);
                continue;
            }
            var dataset = await db.Datasets.FirstAsync(d => d.Id == record.DatasetId, ct);
            dataset.Withdraw(now); // versions stay as history; readers no longer see it
            record.Withdraw(now);
            tally.Withdrawn++;
            tally.WithdrawnTitles.Add(record.Title ?? record.ItemKey);
            run.Record(new HarvestStageRecord
            {
                HarvestRunId = run.Id, Stage = HarvestStage.Publish, ItemKey = record.ItemKey, Outcome = StageOutcome.Skipped, StartedAt = now,
                Error = $"Withdrawn: the source has not listed this item since {record.MissingSince:u}.",
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
