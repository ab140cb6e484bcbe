using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// Download files as objects in an S3-compatible bucket, so every web node serves the same files
/// without a shared file system. Saving streams through a multipart upload in constant memory and
/// is all-or-nothing like the folder store's rename: the object appears only when the upload is
/// completed, and a failed write aborts the upload, leaving any previous object untouched.
/// </summary>
public sealed class S3DownloadStore : IDownloadStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _keyPrefix;
    private readonly int _partSize;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public S3DownloadStore(S3DownloadStoreOptions options, ILogger<S3DownloadStore>? logger = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = CreateClient(options);
        _bucket = options.Bucket;
        _keyPrefix = NormalisePrefix(options.KeyPrefix);
        _partSize = options.PartSizeMegabytes * 1024 * 1024;
        _logger = logger ?? NullLogger<S3DownloadStore>.Instance;
    }

    public string Bucket => _bucket;

    public async Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var objectKey = ObjectKeyOf(key);
        var upload = new S3UploadStream(_client, _bucket, objectKey, _partSize);
        try
        {
            await write(upload, cancellationToken);
            await upload.CompleteAsync(cancellationToken);
        }
        catch
        {
            await TryAbortAsync(upload, objectKey);
            throw;
        }
        finally
        {
            upload.ReleaseBuffer();
        }
    }

    public async Task<StoredFile?> OpenAsync(string key, CancellationToken cancellationToken = default)
    {
        var objectKey = ObjectKeyOf(key);
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = objectKey }, cancellationToken);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket"
            && !e.Message.Contains("<Code>NoSuchBucket</Code>", StringComparison.Ordinal))
        {
            // Also when the store's 404 body is not XML the SDK can read (s3rver writes keys with HTML entities
            // such as &ouml;): a missing key is a missing key. A missing bucket stays an error.
            return null;
        }
        // S3 dates are UTC; an unspecified kind is taken as such, a local one converted.
        var lastModified = response.LastModified is { } modified
            ? new DateTimeOffset(modified.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(modified, DateTimeKind.Utc) : modified).ToUniversalTime()
            : _time.GetUtcNow();
        var content = new S3ObjectReadStream(_client, _bucket, objectKey, response);
        return new StoredFile(content, content.Length, lastModified, PhysicalPath: null);
    }

    /// <summary>A HEAD request: checking that a version's files are all there must not download them.</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = ObjectKeyOf(key) }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        // S3 answers a delete of a missing key with success, which is the contract here too.
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = ObjectKeyOf(key) }, cancellationToken);
    }

    /// <summary>One cheap authenticated request: proves the endpoint answers, the credentials work and the bucket exists.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private string ObjectKeyOf(string key)
    {
        StorageKeys.Split(key);
        return _keyPrefix + key;
    }

    private async Task TryAbortAsync(S3UploadStream upload, string objectKey)
    {
        try { await upload.AbortAsync(); }
        catch (Exception e)
        {
            // The original failure is what the caller needs; parts left behind are invisible and a
            // bucket lifecycle rule for incomplete uploads removes them.
            _logger.LogWarning(e, "Could not abort the multipart upload of {ObjectKey} in bucket {Bucket}.", objectKey, _bucket);
        }
    }

    private static string NormalisePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    private static AmazonS3Client CreateClient(S3DownloadStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: the SDK's default trailing checksums use aws-chunked
            // uploads that several S3-compatible servers do not understand. Content is hashed by us anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
            config.ForcePathStyle = options.ForcePathStyle ?? false;
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = options.ForcePathStyle ?? true;
        }
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
