namespace SmartMiljo.OpenData.Core.Catalogue;

public enum VersionStatus { Staged, Published, Superseded, Discarded }

/// <summary>One immutable load of a dataset's rows, stored in its own typed table.</summary>
public class DatasetVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid DatasetId { get; set; }
    public int Number { get; set; }

    /// <summary>The typed table holding this version's rows.</summary>
    public required string TableName { get; set; }

    /// <summary>The table schema the rows were typed with, as Table Schema JSON.</summary>
    public required string SchemaJson { get; set; }
    public long RowCount { get; set; }
    public VersionStatus Status { get; set; } = VersionStatus.Staged;
    public Guid? HarvestRunId { get; set; }

    /// <summary>SHA-256 of the fetched source bytes, to recognise an unchanged source.</summary>
    public string? ContentHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Bounding box of the coordinates in the data, WGS84.</summary>
    public double? MinLatitude { get; set; }
    public double? MinLongitude { get; set; }
    public double? MaxLatitude { get; set; }
    public double? MaxLongitude { get; set; }

    public List<Distribution> Distributions { get; set; } = [];
}

/// <summary>A generated download file of one version in one format.</summary>
public class Distribution
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid DatasetVersionId { get; set; }

    /// <summary>File extension, e.g. <c>csv</c>, <c>geojson</c>.</summary>
    public required string Format { get; set; }
    public required string MediaType { get; set; }

    /// <summary>Key in the download store.</summary>
    public required string StorageKey { get; set; }
    public long ByteSize { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file.</summary>
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
