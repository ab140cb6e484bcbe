using System.Net;
using System.Net.Http.Headers;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// The end-to-end suite with <c>Downloads:Store=S3</c>: the worker writes the generated files into a
/// bucket on a real S3-compatible server, and the download endpoint streams them from there.
/// </summary>
public sealed class S3DownloadsEndToEndTests() : HarvestToReadBackTests(PlatformStore.Sqlite, PlatformDownloads.S3)
{
    [Fact]
    public async Task A_published_dataset_is_downloaded_from_the_bucket_with_ranges_and_nothing_on_disk()
    {
        var admin = Platform.CreateAdminClient();
        var sourceId = await RegisterAsync(admin, "ale", "2120001439");
        Assert.Equal("Succeeded", (await HarvestAsync(admin, sourceId)).GetProperty("status").GetString());
        var (server, bucket) = Platform.S3!.Value;

        var keys = await server.ListKeysAsync(bucket);
        Assert.Contains("e2e/ale/badplatser/v1.csv", keys);
        Assert.Contains("e2e/ale/badplatser/v1.geojson.gz", keys); // stored only compressed (StoredDownloads)
        Assert.DoesNotContain("e2e/ale/badplatser/v1.geojson", keys);
        Assert.All(keys, k => Assert.StartsWith("e2e/", k));
        Assert.False(Directory.Exists(Path.Combine(Platform.Data.Path, "downloads")) &&
                     Directory.EnumerateFiles(Path.Combine(Platform.Data.Path, "downloads"), "*", SearchOption.AllDirectories).Any());

        using var s3 = server.CreateClient();
        using var stored = await s3.GetObjectAsync(bucket, "e2e/ale/badplatser/v1.csv");
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);
        var objectBytes = copy.ToArray();

        var client = Platform.CreateClient();
        var download = await client.GetAsync("/download/ale/badplatser.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(objectBytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(objectBytes.Length, download.Content.Headers.ContentLength);

        var range = new HttpRequestMessage(HttpMethod.Get, "/download/ale/badplatser.csv");
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(objectBytes.AsSpan(100, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unreachable_bucket_makes_the_node_degraded_but_keeps_it_serving()
    {
        var client = Platform.CreateClient(); // builds the host, which creates the bucket
        var (server, bucket) = Platform.S3!.Value;
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));

        using var s3 = server.CreateClient();
        await s3.DeleteBucketAsync(bucket);

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
    }
}
