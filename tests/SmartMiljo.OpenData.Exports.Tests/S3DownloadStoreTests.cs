using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>The download store contract against a real S3-compatible server (s3rver on 127.0.0.1), plus what is S3's own.</summary>
public class S3DownloadStoreTests : DownloadStoreContractTests
{
    private const string Prefix = "region-a/downloads/";
    private TestS3Server _server = null!;
    private string _bucket = "";

    protected override async Task<IDownloadStore> CreateStoreAsync()
    {
        _server = await TestS3Server.SharedAsync();
        _bucket = await _server.CreateBucketAsync("store");
        return CreateStore(_bucket, Prefix);
    }

    private S3DownloadStore CreateStore(string bucket, string? prefix = null, string accessKey = TestS3Server.AccessKey) => new(new S3DownloadStoreOptions
    {
        Bucket = bucket,
        ServiceUrl = _server.ServiceUrl.ToString(),
        Region = TestS3Server.Region,
        AccessKey = accessKey,
        SecretKey = TestS3Server.SecretKey,
        KeyPrefix = prefix,
        PartSizeMegabytes = S3DownloadStoreOptions.MinimumPartSizeMegabytes,
    });

    /// <summary>Keys under the prefix without it; a key outside the prefix is kept whole so assertions catch it.</summary>
    protected override async Task<IReadOnlyList<string>> StoredKeysAsync() =>
        (await _server.ListKeysAsync(_bucket)).Select(k => k.StartsWith(Prefix, StringComparison.Ordinal) ? k[Prefix.Length..] : k).ToList();

    public override Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Objects_are_stored_under_the_key_prefix()
    {
        await SaveTextAsync("org/data.csv", "x");
        Assert.Equal([Prefix + "org/data.csv"], await _server.ListKeysAsync(_bucket));
    }

    [Fact]
    public async Task A_failed_multipart_upload_is_aborted_so_no_parts_are_left_behind()
    {
        var part = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        IReadOnlyList<string> pendingWhileWriting = [];
        await Assert.ThrowsAsync<IOException>(() => Store.SaveAsync("org/big.bin", async (stream, ct) =>
        {
            await stream.WriteAsync(part, ct);
            await stream.WriteAsync(part, ct);
            pendingWhileWriting = await _server.PendingUploadsAsync(_bucket);
            throw new IOException("export failed");
        }));

        Assert.Equal([Prefix + "org/big.bin"], pendingWhileWriting);
        Assert.Empty(await _server.PendingUploadsAsync(_bucket));
        Assert.Empty(await _server.ListKeysAsync(_bucket));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_either()
    {
        using var cancel = new CancellationTokenSource();
        var part = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.SaveAsync("org/big.bin", async (stream, ct) =>
        {
            await stream.WriteAsync(part, ct);
            await cancel.CancelAsync();
            await stream.WriteAsync(part, ct);
        }, cancel.Token));

        Assert.Empty(await _server.PendingUploadsAsync(_bucket));
        Assert.Empty(await _server.ListKeysAsync(_bucket));
    }

    [Fact]
    public async Task A_reader_that_seeks_after_the_object_was_replaced_fails_instead_of_mixing_versions()
    {
        await Store.SaveAsync("org/data.bin", (stream, ct) => stream.WriteAsync(new byte[100_000], ct).AsTask());
        await using var reading = await Store.OpenAsync("org/data.bin");
        await Store.SaveAsync("org/data.bin", (stream, ct) => stream.WriteAsync(Enumerable.Repeat((byte)1, 100_000).ToArray(), ct).AsTask());

        reading!.Content.Seek(50_000, SeekOrigin.Begin);
        await Assert.ThrowsAsync<IOException>(() => reading.Content.ReadAsync(new byte[10]).AsTask());
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_not_a_missing_file()
    {
        using var store = CreateStore("no-such-bucket");
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => store.OpenAsync("org/data.csv"));
    }

    [Fact]
    public async Task The_probe_passes_for_a_reachable_bucket_and_fails_for_a_missing_one_or_unknown_credentials()
    {
        await ((S3DownloadStore)Store).ProbeAsync(CancellationToken.None);
        await SaveTextAsync("org/a.csv", "a");
        await SaveTextAsync("org/b.csv", "b");
        await ((S3DownloadStore)Store).ProbeAsync(CancellationToken.None);
        using var missing = CreateStore("no-such-bucket");
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => missing.ProbeAsync(CancellationToken.None));
        using var unknownKey = CreateStore(_bucket, accessKey: "NOT-A-KNOWN-KEY");
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => unknownKey.ProbeAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("", null, null, 8, "Bucket is required")]
    [InlineData("b", "not a url", null, 8, "is not an absolute URL")]
    [InlineData("b", null, "key-without-secret", 8, "must be set together")]
    [InlineData("b", null, null, 4, "PartSizeMegabytes must be between")]
    public void Unusable_options_are_refused_naming_the_setting(string bucket, string? serviceUrl, string? accessKey, int partSize, string message)
    {
        var options = new S3DownloadStoreOptions
        {
            Bucket = bucket, ServiceUrl = serviceUrl, AccessKey = accessKey, PartSizeMegabytes = partSize,
        };
        var error = Assert.Throws<InvalidOperationException>(() => new S3DownloadStore(options));
        Assert.Contains(message, error.Message);
        Assert.Contains("Downloads:S3:", error.Message);
    }

    [Fact]
    public async Task What_was_written_is_what_s3_stored()
    {
        // Look behind the store with a plain client: the object is the exact bytes, not an SDK framing of them.
        await SaveTextAsync("org/data.csv", "namn,plats\r\nÅsa,Öckerö\r\n");
        using var client = _server.CreateClient();
        using var response = await client.GetObjectAsync(_bucket, Prefix + "org/data.csv");
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        Assert.Equal("namn,plats\r\nÅsa,Öckerö\r\n", await reader.ReadToEndAsync());
    }
}
