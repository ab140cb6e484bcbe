using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>The same site, generated into and served from a bucket on a real S3-compatible server.</summary>
public sealed class S3DownloadSiteFixture : DownloadSiteFixture
{
    protected override async Task<IDownloadStore> CreateStoreAsync()
    {
        var server = await TestS3Server.SharedAsync();
        return new S3DownloadStore(new S3DownloadStoreOptions
        {
            Bucket = await server.CreateBucketAsync("site"),
            ServiceUrl = server.ServiceUrl.ToString(),
            Region = TestS3Server.Region,
            AccessKey = TestS3Server.AccessKey,
            SecretKey = TestS3Server.SecretKey,
            PartSizeMegabytes = S3DownloadStoreOptions.MinimumPartSizeMegabytes,
        });
    }
}

/// <summary>
/// Every download endpoint test (validators, 304, Range, precompressed variants, HEAD) with the files
/// streamed from S3 instead of sent from disk.
/// </summary>
public class S3DownloadEndpointsTests(S3DownloadSiteFixture site) : DownloadEndpointsTests(site), IClassFixture<S3DownloadSiteFixture>
{
    [Fact]
    public async Task The_files_really_are_in_the_bucket_and_not_on_disk()
    {
        Assert.IsType<S3DownloadStore>(site.Store);
        await using var file = await site.Store.OpenAsync(site.Version2.Single(d => d.Format == "csv").StorageKey);
        Assert.NotNull(file);
        Assert.Null(file.PhysicalPath);
    }
}
