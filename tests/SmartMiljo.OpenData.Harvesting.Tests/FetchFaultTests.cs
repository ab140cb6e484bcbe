using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>The fetcher against a local server that misbehaves in the ways municipal servers do.</summary>
public sealed class FetchFaultTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("id,namn\r\n1,Ett\r\n2,Två\r\n");
    private readonly TemporaryDirectory _dir = new();
    private readonly HarvestOptions _options;
    private LocalHttpServer _server = null!;

    public FetchFaultTests() => _options = TestFetchers.Options(_dir.Combine("work"));

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();
    public void Dispose() => _dir.Dispose();

    private Task<FetchResult> FetchAsync(string path, SourceFetcher? fetcher = null) =>
        (fetcher ?? TestFetchers.Create(_options)).FetchAsync(_server.Url(path).ToString(), null, null, _dir.Combine(Guid.NewGuid().ToString("N")), default);

    private int Hits(string path) => _server.Requests.Count(r => r.StartsWith(path, StringComparison.Ordinal));

    [Fact]
    public async Task A_503_with_retry_after_is_retried_after_the_wait_the_server_asked_for()
    {
        var calls = 0;
        _server.Map("/busy.csv", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
            await context.Response.Body.WriteAsync(Csv);
        });
        var watch = Stopwatch.StartNew();
        var result = await FetchAsync("/busy.csv");
        Assert.Equal(Csv.Length, result.Bytes);
        Assert.Equal(2, calls);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}, before the Retry-After of 1 s");
    }

    [Fact]
    public async Task A_persistent_500_fails_after_the_retries_and_a_404_is_not_retried()
    {
        _server.MapStatus("/broken.csv", 500);
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/broken.csv"));
        Assert.Contains("500", ex.Message);
        Assert.Equal(_options.MaxRetries + 1, Hits("/broken.csv"));

        _server.MapStatus("/missing.csv", 404);
        await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/missing.csv"));
        Assert.Equal(1, Hits("/missing.csv"));
    }

    [Fact]
    public async Task A_host_that_keeps_failing_trips_the_circuit_breaker_and_is_left_alone()
    {
        _options.MaxRetries = 0;
        _options.CircuitBreakerFailures = 2;
        _options.CircuitBreakDuration = TimeSpan.FromMinutes(5);
        var fetcher = TestFetchers.Create(_options);
        _server.MapStatus("/down.csv", 502);
        await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/down.csv", fetcher));
        await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/down.csv", fetcher));
        var broken = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/down.csv", fetcher));
        Assert.Contains("failed repeatedly", broken.Message);
        Assert.Equal(2, Hits("/down.csv"));
    }

    [Fact]
    public async Task No_more_than_the_per_host_limit_of_requests_run_at_once()
    {
        _options.MaxConcurrentRequestsPerHost = 2;
        var fetcher = TestFetchers.Create(_options);
        int current = 0, peak = 0;
        _server.Map("/slowish.csv", async context =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(300);
            Interlocked.Decrement(ref current);
            await context.Response.Body.WriteAsync(Csv);
        });
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => FetchAsync("/slowish.csv", fetcher)));
        Assert.Equal(2, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    [Fact]
    public async Task A_server_that_never_answers_or_sends_an_endless_slow_body_times_out_with_a_clear_error()
    {
        _options.RequestTimeout = TimeSpan.FromMilliseconds(800);
        _options.MaxRetries = 1;
        _server.Map("/silent.csv", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        _server.Map("/trickle.csv", async context =>
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("x"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        var silent = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/silent.csv"));
        Assert.Contains("did not finish answering", silent.Message);
        var trickle = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/trickle.csv"));
        Assert.Contains("did not finish answering", trickle.Message);
    }

    [Fact]
    public async Task A_connection_reset_mid_body_is_retried_and_then_reported()
    {
        _server.Map("/reset.csv", async context =>
        {
            context.Response.ContentLength = 10_000;
            await context.Response.Body.WriteAsync(new byte[1000]);
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/reset.csv"));
        Assert.Contains("broke off", ex.Message);
        Assert.Equal(_options.MaxRetries + 1, Hits("/reset.csv"));
    }

    [Fact]
    public async Task A_two_gigabyte_content_length_lie_is_refused_before_reading()
    {
        _options.MaxDownloadBytes = 1_000_000;
        _server.Map("/liar.csv", async context =>
        {
            context.Response.ContentLength = 2_000_000_000;
            await context.Response.Body.WriteAsync(Csv);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // the rest never comes

        });
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/liar.csv"));
        Assert.Contains("2,000,000,000", ex.Message);
        Assert.Equal(1, Hits("/liar.csv")); // refused for good, not retried
    }

    [Fact]
    public async Task A_gzip_bomb_is_stopped_at_the_decompressed_limit_and_truncated_gzip_is_an_error()
    {
        _options.MaxDecompressedBytes = 5_000_000;
        var bomb = Gzip(new byte[200_000_000]);
        Assert.True(bomb.Length < 1_000_000);
        _server.Map("/bomb.csv", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = bomb.Length;
            await context.Response.Body.WriteAsync(bomb);
        });
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/bomb.csv"));
        Assert.Contains("compression bomb", ex.Message);

        var whole = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},rad {i}\n"))));
        var truncated = whole[..(whole.Length / 2)];
        _server.Map("/cut.csv", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = truncated.Length;
            await context.Response.Body.WriteAsync(truncated);
        });
        var cut = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/cut.csv"));
        Assert.Contains("cut short", cut.Message);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public async Task Redirects_are_followed_to_a_limit_and_a_loop_is_an_error()
    {
        _server.MapFile("/real.csv", Csv, "text/csv");
        _server.Map("/moved.csv", context => { context.Response.Redirect("/real.csv"); return Task.CompletedTask; });
        Assert.Equal(Csv.Length, (await FetchAsync("/moved.csv")).Bytes);

        _server.Map("/a.csv", context => { context.Response.Redirect("/b.csv"); return Task.CompletedTask; });
        _server.Map("/b.csv", context => { context.Response.Redirect("/a.csv"); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/a.csv"));
        Assert.Contains("redirected more than", ex.Message);
        Assert.Equal(_options.MaxRedirects + 1, Hits("/a.csv") + Hits("/b.csv"));
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allowed_and_no_request_reaches_the_server()
    {
        _options.AllowLoopback = false;
        _server.MapFile("/data.csv", Csv, "text/csv");
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/data.csv"));
        Assert.Contains("loopback", ex.Message);
        Assert.Equal(0, Hits("/data.csv"));
    }

    [Fact]
    public async Task A_redirect_to_the_cloud_metadata_address_is_refused()
    {
        _server.Map("/sneaky.csv", context => { context.Response.Redirect("http://169.254.169.254/latest/meta-data/"); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<FetchException>(() => FetchAsync("/sneaky.csv"));
        Assert.Contains("cloud metadata", ex.Message);
        Assert.Equal(1, Hits("/sneaky.csv")); // refused, not retried
    }

    [Theory]
    [InlineData("169.254.169.254", false, false, "cloud metadata")]
    [InlineData("169.254.10.1", true, true, "link-local")]
    [InlineData("fe80::1", true, true, "link-local")]
    [InlineData("10.1.2.3", false, false, "private")]
    [InlineData("172.20.0.1", false, false, "private")]
    [InlineData("192.168.1.1", false, false, "private")]
    [InlineData("fd12::1", false, false, "private")]
    [InlineData("127.0.0.1", false, false, "loopback")]
    [InlineData("::ffff:127.0.0.1", false, false, "loopback")]
    [InlineData("::1", false, false, "loopback")]
    [InlineData("0.0.0.0", true, true, "not a unicast")]
    [InlineData("10.1.2.3", true, false, null)]
    [InlineData("127.0.0.1", false, true, null)]
    [InlineData("93.184.216.34", false, false, null)]
    [InlineData("2a00:1450:4001::1", false, false, null)]
    public void The_guard_classifies_addresses(string address, bool allowPrivate, bool allowLoopback, string? refusal)
    {
        var guard = new NetworkGuard(Options.Create(new HarvestOptions { AllowPrivateNetworks = allowPrivate, AllowLoopback = allowLoopback }));
        var why = guard.Check(IPAddress.Parse(address));
        if (refusal is null) Assert.Null(why);
        else Assert.Contains(refusal, why);
    }

    [Fact]
    public async Task Schemes_other_than_http_and_https_are_refused()
    {
        var fetcher = TestFetchers.Create(_options);
        var ex = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync("gopher://example.se/x", null, null, _dir.Combine("g"), default));
        Assert.Contains("gopher", ex.Message);
    }
}
