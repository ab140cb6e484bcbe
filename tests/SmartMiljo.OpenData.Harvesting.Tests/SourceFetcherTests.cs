using Microsoft.AspNetCore.Http;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

public sealed class SourceFetcherTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private LocalHttpServer _server = null!;
    private readonly HarvestOptions _options;

    public SourceFetcherTests() => _options = TestFetchers.Options(_dir.Combine("work"));

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();
    public void Dispose() => _dir.Dispose();

    private SourceFetcher Fetcher() => TestFetchers.Create(_options);

    [Fact]
    public async Task A_fetch_copies_the_bytes_hashes_them_and_a_conditional_refetch_is_not_modified()
    {
        var content = Encoding.UTF8.GetBytes("a,b\r\n1,2\r\n");
        _server.MapFile("/data.csv", content, "text/csv");
        var fetcher = Fetcher();

        var first = await fetcher.FetchAsync(_server.Url("/data.csv").ToString(), null, null, _dir.Combine("1"), default);
        Assert.False(first.NotModified);
        Assert.Equal(content, await File.ReadAllBytesAsync(_dir.Combine("1")));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), first.Sha256);
        Assert.NotNull(first.ETag);

        var second = await fetcher.FetchAsync(_server.Url("/data.csv").ToString(), first.ETag, first.LastModified, _dir.Combine("2"), default);
        Assert.True(second.NotModified);
        Assert.False(File.Exists(_dir.Combine("2")));
    }

    [Fact]
    public async Task A_server_error_becomes_a_message_with_the_status()
    {
        _server.MapStatus("/gone.csv", 410);
        var ex = await Assert.ThrowsAsync<FetchException>(() =>
            Fetcher().FetchAsync(_server.Url("/gone.csv").ToString(), null, null, _dir.Combine("x"), default));
        Assert.Contains("410", ex.Message);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_refused_even_without_content_length()
    {
        _options.MaxDownloadBytes = 1000;
        _server.Map("/big.csv", async context =>
        {
            for (var i = 0; i < 100; i++) await context.Response.WriteAsync(new string('x', 100));
        });
        var ex = await Assert.ThrowsAsync<FetchException>(() =>
            Fetcher().FetchAsync(_server.Url("/big.csv").ToString(), null, null, _dir.Combine("big"), default));
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public async Task Local_files_outside_the_allowed_folders_are_refused()
    {
        var allowed = _dir.Combine("allowed");
        Directory.CreateDirectory(allowed);
        await File.WriteAllTextAsync(Path.Combine(allowed, "ok.csv"), "a\n1\n");
        _options.AllowedFileRoots = [allowed];
        var fetcher = Fetcher();

        var ok = await fetcher.FetchAsync(Path.Combine(allowed, "ok.csv"), null, null, _dir.Combine("copy"), default);
        Assert.Equal(4, ok.Bytes);
        var ex = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync("/etc/passwd", null, null, _dir.Combine("p"), default));
        Assert.Contains("outside", ex.Message);
        await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(Path.Combine(allowed, "..", "escape.csv"), null, null, _dir.Combine("q"), default));
        await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync("ftp://example.se/data.csv", null, null, _dir.Combine("r"), default));
    }
}
