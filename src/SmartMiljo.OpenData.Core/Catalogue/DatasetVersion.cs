namespace SmartMiljo.OpenData.Core.Catalogue;

/// <summary>Where a version is in its life: loaded (staged), held back for a person to approve, the one
/// readers see (published), an older one kept as history (superseded), or gone (discarded, rows dropped).</summary>
public enum VersionStatus { Staged, Published, Superseded, Discarded, HeldForReview }

/// <summary>One immutable load of a dataset's rows, stored in its own typed table. Its life (staged, held,
/// published, superseded, discarded) changes only through its methods, which guard the transitions.</summary>
public class DatasetVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid DatasetId { get; set; }
    public int Number { get; set; }

    /// <summary>The typed table holding this version's rows.</summary>
    public required string TableName { get; set; }

    /// <summary>The table schema the rows were typed with, as Table Schema JSON.</summary>
    public required string SchemaJson { get; set; }
    public long RowCount { get; private set; }
    public VersionStatus Status { get; private set; } = VersionStatus.Staged;
    public Guid? HarvestRunId { get; set; }

    /// <summary>SHA-256 of the fetched source bytes, to recognise an unchanged source.</summary>
    public string? ContentHash { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Bounding box of the coordinates in the data, WGS84.</summary>
    public double? MinLatitude { get; private set; }
    public double? MinLongitude { get; private set; }
    public double? MaxLatitude { get; private set; }
    public double? MaxLongitude { get; private set; }

    public List<Distribution> Distributions { get; set; } = [];

    /// <summary>The version this one was compared with (the one published when it was loaded); null for a first
    /// version, or when the comparison could not be made.</summary>
    public int? DiffSinceVersion { get; private set; }
    public DateTimeOffset? DiffSince { get; private set; }
    public long? RowsAdded { get; private set; }
    public long? RowsRemoved { get; private set; }
    public long? RowsChanged { get; private set; }
    public bool? DiffByKey { get; private set; }

    /// <summary>The columns added, removed or retyped, as JSON (see <see cref="SchemaChange"/>).</summary>
    public string? SchemaChangesJson { get; private set; }

    /// <summary>What changed since the version before, or null when nothing was compared.</summary>
    public VersionDiff? Diff => DiffSinceVersion is { } since && DiffSince is { } at
        ? new VersionDiff(since, at, RowsAdded ?? 0, RowsRemoved ?? 0, RowsChanged ?? 0, DiffByKey ?? false, SchemaChange.FromJson(SchemaChangesJson))
        : null;

    /// <summary>Keeps what the load changed against the version published before it (its changed rows are kept
    /// beside the version's table).</summary>
    public void RecordDiff(VersionDiff diff)
    {
        Require(Status == VersionStatus.Staged, "record the changes of");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(diff.SinceVersion, Number);
        (DiffSinceVersion, DiffSince, RowsAdded, RowsRemoved, RowsChanged, DiffByKey) =
            (diff.SinceVersion, diff.Since, diff.Added, diff.Removed, diff.Changed, diff.ByKey);
        SchemaChangesJson = SchemaChange.ToJson(diff.SchemaChanges);
    }

    /// <summary>Records what the load put into the table: its row count and the bounding box of its points.</summary>
    public void RecordLoad(long rowCount, double? minLatitude, double? maxLatitude, double? minLongitude, double? maxLongitude)
    {
        Require(Status == VersionStatus.Staged, "record a load into");
        RowCount = rowCount;
        (MinLatitude, MaxLatitude, MinLongitude, MaxLongitude) = (minLatitude, maxLatitude, minLongitude, maxLongitude);
    }

    /// <summary>Keeps a loaded version back from readers until someone approves it.</summary>
    public void HoldForReview()
    {
        Require(Status == VersionStatus.Staged, "hold");
        Status = VersionStatus.HeldForReview;
    }

    /// <summary>Readers see this version from <paramref name="at"/>; only <see cref="Dataset.Publish"/> calls it.</summary>
    internal void MarkPublished(DateTimeOffset at)
    {
        Require(Status is VersionStatus.Staged or VersionStatus.HeldForReview, "publish");
        Status = VersionStatus.Published;
        PublishedAt = at;
    }

    /// <summary>A newer version took this one's place; it is kept as history until retention discards it.</summary>
    internal void Supersede()
    {
        Require(Status == VersionStatus.Published, "supersede");
        Status = VersionStatus.Superseded;
    }

    /// <summary>The version is given up; its rows and files may go. The current version never is.</summary>
    public void Discard()
    {
        Require(Status != VersionStatus.Published, "discard");
        Status = VersionStatus.Discarded;
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed) throw new InvalidOperationException($"Cannot {action} version {Number} of dataset {DatasetId}: it is {Status}.");
    }
}

/// <summary>A generated download file of one version in one format.</summary>
public class Distribution
{
    private Distribution() { }

    /// <summary>A download file generated for a version.</summary>
    public static Distribution Create(Guid versionId, string format, string mediaType, string storageKey, long byteSize, string sha256, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(format);
        var distribution = new Distribution { DatasetVersionId = versionId, Format = format };
        distribution.Replace(mediaType, storageKey, byteSize, sha256, at);
        return distribution;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();
    public Guid DatasetVersionId { get; private set; }

    /// <summary>File extension, e.g. <c>csv</c>, <c>geojson</c>.</summary>
    public string Format { get; private set; } = "";
    public string MediaType { get; private set; } = "";

    /// <summary>Key in the download store.</summary>
    public string StorageKey { get; private set; } = "";
    public long ByteSize { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the file.</summary>
    public string Sha256 { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The file was generated again: its new key, size and hash.</summary>
    public void Replace(string mediaType, string storageKey, long byteSize, string sha256, DateTimeOffset at)
    {
        (MediaType, StorageKey, ByteSize, Sha256, CreatedAt) = (mediaType, storageKey, byteSize, sha256, at);
    }
}
