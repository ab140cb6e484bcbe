namespace SmartMiljo.OpenData.Core.Harvesting;

public enum SourceItemStatus { Active, Missing, Withdrawn }

/// <summary>
/// One item a source lists (a file, a layer, a catalogue record), under the identity the source gives it
/// (dataset IRI, CKAN id, URL). It always feeds the same dataset, so re-harvests update and never duplicate.
/// Its state changes only through the methods below, which guard the transitions (a withdrawn item is
/// not "missing" again; only a missing item is withdrawn).
/// </summary>
public class HarvestSourceItem
{
    private HarvestSourceItem() { }

    /// <summary>An item met for the first time, feeding <paramref name="datasetId"/> from now on.</summary>
    public static HarvestSourceItem Register(Guid sourceId, string itemKey, Guid datasetId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemKey);
        return new() { SourceId = sourceId, ItemKey = itemKey, DatasetId = datasetId, FirstSeenAt = at, LastSeenAt = at };
    }

    public Guid Id { get; private set; } = Guid.NewGuid();
    public Guid SourceId { get; private set; }

    /// <summary>The stable identity at the source, unique per source.</summary>
    public string ItemKey { get; private set; } = "";

    /// <summary>The dataset this item feeds.</summary>
    public Guid DatasetId { get; private set; }
    public string? Title { get; private set; }

    /// <summary>Where the item's data was last fetched from (may change between runs; the key does not).</summary>
    public string? DataLocation { get; private set; }
    public SourceItemStatus Status { get; private set; } = SourceItemStatus.Active;
    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>When the source first stopped listing the item; withdrawal follows after the grace period.</summary>
    public DateTimeOffset? MissingSince { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    // Remembered per item so an unchanged item costs one request.
    public string? LastETag { get; private set; }
    public string? LastModifiedHeader { get; private set; }
    public string? LastContentHash { get; private set; }

    /// <summary>Hash of the catalogue metadata last applied, so unchanged records cost no write.</summary>
    public string? MetadataHash { get; private set; }

    /// <summary>Share of rows that passed validation at the last load (0..1), to notice a degrading source.</summary>
    public double? LastValidShare { get; private set; }
    public Guid? LastRunId { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Remembers where and what the item's published data was fetched from, so an unchanged
    /// source costs one request next time. A 304 leaves the validators and hash as they were.</summary>
    public void RememberFetch(string? location, bool notModified, string? etag, string? lastModified, string? sha256)
    {
        DataLocation = location;
        if (notModified) return;
        LastETag = etag;
        LastModifiedHeader = lastModified;
        LastContentHash = sha256;
    }

    /// <summary>The catalogue metadata with this hash was applied to the item's dataset.</summary>
    public void MetadataApplied(string hash) => MetadataHash = hash;

    /// <summary>The item's data loaded with this share of valid rows; true when the share fell by
    /// more than a percentage point since the last load (a degrading source).</summary>
    public bool Loaded(double validShare)
    {
        var dropped = LastValidShare is { } previous && validShare < previous - 0.01;
        LastValidShare = validShare;
        return dropped;
    }

    /// <summary>What went wrong with the item at the last run, or the notes on its record; null when nothing did.</summary>
    public void Noted(string? error) => LastError = error;

    /// <summary>The source lists the item (again): it is active, whatever it was.</summary>
    public void Seen(DateTimeOffset at)
    {
        LastSeenAt = at;
        MissingSince = null;
        Status = SourceItemStatus.Active;
        WithdrawnAt = null;
    }

    /// <summary>This run dealt with the item, known under this title.</summary>
    public void Touched(Guid runId, string title)
    {
        LastRunId = runId;
        Title = title;
    }

    /// <summary>The source no longer lists the item; missing since the first run that noticed.</summary>
    public void Missing(DateTimeOffset at)
    {
        if (Status == SourceItemStatus.Withdrawn) throw new InvalidOperationException($"Item {ItemKey} is withdrawn already.");
        MissingSince ??= at;
        Status = SourceItemStatus.Missing;
    }

    /// <summary>Missing past the grace period: its dataset is withdrawn.</summary>
    public void Withdraw(DateTimeOffset at)
    {
        if (Status != SourceItemStatus.Missing) throw new InvalidOperationException($"Item {ItemKey} is listed by its source; it cannot be withdrawn.");
        Status = SourceItemStatus.Withdrawn;
        WithdrawnAt = at;
    }
}
