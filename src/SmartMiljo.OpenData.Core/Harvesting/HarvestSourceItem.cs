namespace SmartMiljo.OpenData.Core.Harvesting;

public enum SourceItemStatus { Active, Missing, Withdrawn }

/// <summary>
/// One item a source lists (a file, a layer, a catalogue record), under the identity the source gives it
/// (dataset IRI, CKAN id, URL). It always feeds the same dataset, so re-harvests update and never duplicate.
/// </summary>
public class HarvestSourceItem
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SourceId { get; set; }

    /// <summary>The stable identity at the source, unique per source.</summary>
    public required string ItemKey { get; set; }

    /// <summary>The dataset this item feeds.</summary>
    public Guid DatasetId { get; set; }
    public string? Title { get; set; }

    /// <summary>Where the item's data was last fetched from (may change between runs; the key does not).</summary>
    public string? DataLocation { get; set; }
    public SourceItemStatus Status { get; set; } = SourceItemStatus.Active;
    public DateTimeOffset FirstSeenAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastSeenAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the source first stopped listing the item; withdrawal follows after the grace period.</summary>
    public DateTimeOffset? MissingSince { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    // Remembered per item so an unchanged item costs one request.
    public string? LastETag { get; set; }
    public string? LastModifiedHeader { get; set; }
    public string? LastContentHash { get; set; }

    /// <summary>Hash of the catalogue metadata last applied, so unchanged records cost no write.</summary>
    public string? MetadataHash { get; set; }

    /// <summary>Share of rows that passed validation at the last load (0..1), to notice a degrading source.</summary>
    public double? LastValidShare { get; set; }
    public Guid? LastRunId { get; set; }
    public string? LastError { get; set; }

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
