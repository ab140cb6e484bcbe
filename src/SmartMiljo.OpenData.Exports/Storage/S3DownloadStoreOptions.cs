namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// Where an <see cref="S3DownloadStore"/> keeps its objects (configuration section <c>Downloads:S3</c>).
/// Works with AWS S3 and with S3-compatible servers (MinIO, Ceph RGW, Garage) through <see cref="ServiceUrl"/>.
/// </summary>
public sealed class S3DownloadStoreOptions
{
    public const string SectionName = "Downloads:S3";
    public const int MinimumPartSizeMegabytes = 5; // S3's lower limit for every part but the last

    public string Bucket { get; set; } = "";

    /// <summary>Endpoint of an S3-compatible server, e.g. <c>http://minio:9000</c>; empty means AWS in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region, or the signing region an S3-compatible server expects.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addresses (<c>host/bucket/key</c>). Null: on for a <see cref="ServiceUrl"/>, off for AWS.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Access key and secret; both empty means the SDK's default chain (environment, instance role).</summary>
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>Prefix for every object key, so several instances or other data can share a bucket.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Upload part size: the memory one upload holds at most.</summary>
    public int PartSizeMegabytes { get; set; } = 8;

    /// <summary>Throws with the setting to fix when the options cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
            throw new InvalidOperationException($"{SectionName}:Bucket is required when Downloads:Store is S3.");
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"{SectionName}:ServiceUrl '{ServiceUrl}' is not an absolute URL.");
        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
            throw new InvalidOperationException($"{SectionName}:AccessKey and {SectionName}:SecretKey must be set together.");
        if (PartSizeMegabytes is < MinimumPartSizeMegabytes or > 512)
            throw new InvalidOperationException(
                $"{SectionName}:PartSizeMegabytes must be between {MinimumPartSizeMegabytes} and 512, not {PartSizeMegabytes}.");
    }
}
