using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// A published dataset whose server then misbehaves in every way we know: each run ends with a clear
/// error and readers keep getting the last good version, byte for byte.
/// </summary>
public class FaultyServerHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;

    public FaultyServerHarvestTests() : this(StoreProvider.Sqlite) { }

    /// <summary>For the same tests on PostgreSQL (see <c>PostgresHarvestTests.cs</c>).</summary>
    protected FaultyServerHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(new Dictionary<string, string>
    {
        ["Harvesting:RequestTimeout"] = "00:00:01",
        ["Harvesting:MaxDownloadBytes"] = "1000000",
        ["Harvesting:MaxDecompressedBytes"] = "3000000",
        ["Harvesting:MaxRedirects"] = "3",
    }, provider);
    private LocalHttpServer _municipality = null!;
    private byte[] _csv = null!;

    public async Task InitializeAsync()
    {
        _municipality = await LocalHttpServer.StartAsync();
        _csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
    }

    public async Task DisposeAsync()
    {
        await _municipality.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    private static RequestDelegate Raw(byte[] body, string contentType, string? encoding = null, long? declaredLength = null, bool abort = false, bool hang = false) => async context =>
    {
        context.Response.ContentType = contentType;
        if (encoding is not null) context.Response.Headers.ContentEncoding = encoding;
        context.Response.ContentLength = declaredLength ?? body.Length;
        await context.Response.Body.WriteAsync(body);
        await context.Response.Body.FlushAsync();
        if (abort) context.Abort();
        if (hang) await Task.Delay(Timeout.Infinite, context.RequestAborted);
    };

    public static TheoryData<string, string> Faults => new()
    {
        { "unavailable", "503" },
        { "reset", "broke off" },
        { "truncated-gzip", "cut short" },
        { "web-page", "web page" },
        { "wrong-content-type", "validation" },
        { "redirect-loop", "redirected more than" },
        { "length-lie", "2,000,000,000" },
        { "zip-bomb", "compression bomb" },
        { "endless-body", "did not finish answering" },
        { "no-answer", "did not finish answering" },
    };

    private void Misbehave(string fault)
    {
        const string path = "/oppnadata/badplatser.csv";
        RequestDelegate handler = fault switch
        {
            "unavailable" => context => { context.Response.StatusCode = 503; context.Response.Headers.RetryAfter = "1"; return Task.CompletedTask; },
            "reset" => Raw(_csv[..200], "text/csv", declaredLength: _csv.Length, abort: true),
            "truncated-gzip" => Raw(Gzip(_csv)[..(Gzip(_csv).Length - 20)], "text/csv", encoding: "gzip"),
            "web-page" => Raw("<!DOCTYPE html><html><body>Logga in</body></html>"u8.ToArray(), "text/html"),
            "wrong-content-type" => Raw("""{"error":"not found","code":404}"""u8.ToArray(), "application/json"),
            "redirect-loop" => context => { context.Response.Redirect(path); return Task.CompletedTask; },
            "length-lie" => Raw(_csv, "text/csv", declaredLength: 2_000_000_000, hang: true),
            "zip-bomb" => Raw(Gzip(new byte[100_000_000]), "text/csv", encoding: "gzip"),
            "endless-body" => async context =>
            {
                await context.Response.Body.WriteAsync(_csv.AsMemory(0, 100));
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(" "u8.ToArray(), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                }
            },
            "no-answer" => context => Task.Delay(Timeout.Infinite, context.RequestAborted),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        _municipality.Map(path, handler);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_fault_ends_the_run_with_a_clear_error_and_the_last_good_version_stays_served(string fault, string expected)
    {
        _municipality.MapFile("/oppnadata/badplatser.csv", _csv, "text/csv; charset=utf-8");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "felkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "felkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = _municipality.Url("/oppnadata/badplatser.csv").ToString(),
        });
        Assert.Equal("Succeeded", (await HarvestPlatform.HarvestAsync(admin, sourceId)).GetProperty("status").GetString());
        var client = _platform.CreateClient();
        var csvBefore = await client.GetByteArrayAsync("/download/felkommun/badplatser.csv");
        var odataBefore = await client.GetStringAsync("/odata/felkommun/badplatser?$orderby=place_id");

        Misbehave(fault);
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        var error = run.GetProperty("error").GetString();
        Assert.Contains(expected, error);
        Assert.Contains("senast publicerade versionen visas fortfarande", run.GetProperty("summarySv").GetString());
        Assert.Contains(run.GetProperty("stages").EnumerateArray(), s => s.GetProperty("outcome").GetString() == "Failed");

        Assert.Equal(csvBefore, await client.GetByteArrayAsync("/download/felkommun/badplatser.csv"));
        Assert.Equal(odataBefore, await client.GetStringAsync("/odata/felkommun/badplatser?$orderby=place_id"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/download/felkommun/badplatser/v2.csv")).StatusCode);

        // The source is healthy again: the next run publishes.
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_csv).Replace("Sjöuddens strandbad", "Sjöuddens nya strandbad"));
        _municipality.MapFile("/oppnadata/badplatser.csv", changed, "text/csv; charset=utf-8");
        var recovered = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", recovered.GetProperty("status").GetString());
        Assert.Contains("Sjöuddens nya strandbad", await client.GetStringAsync("/download/felkommun/badplatser.csv"));
    }
}
