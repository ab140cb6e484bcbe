using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// The real server as a separate process, killed (SIGKILL) in the middle of a harvest. After a restart
/// the abandoned run is failed by the heartbeat reaper, nothing of it was published, and the source
/// harvests again.
/// </summary>
public sealed class WorkerKillTests : IAsyncLifetime
{
    private const string ApiKey = "kill-test-key";
    private readonly TemporaryDirectory _data = new();
    private LocalHttpServer _municipality = null!;
    private Process? _server;
    private readonly StringBuilder _log = new();

    public async Task InitializeAsync() => _municipality = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        StopServer();
        await _municipality.DisposeAsync();
        _data.Dispose();
    }

    private static string ServerDll
    {
        get
        {
            // This test project is built like the server (same configuration), so look in the server's own output.
            var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            var configuration = testBin.Parent!.Name;
            return Path.Combine(RepositoryPaths.RepositoryRoot, "src", "SmartMiljo.OpenData.Server", "bin", configuration, testBin.Name, "SmartMiljo.OpenData.Server.dll");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<HttpClient> StartServerAsync(params string[] extra)
    {
        Assert.True(File.Exists(ServerDll), $"The server is not built at {ServerDll}.");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     ServerDll, "--urls", $"http://127.0.0.1:{port}", $"--Storage:DataDirectory={_data.Path}", "--Seed:Enabled=false",
                     $"--Admin:ApiKey={ApiKey}", "--Harvesting:AllowLoopback=true", "--Harvesting:HeartbeatInterval=00:00:01",
                 }.Concat(extra))
            start.ArgumentList.Add(argument);
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            // The message is made only on failure, under the lock: the output handlers append to the log meanwhile.
            if (_server.HasExited) Assert.Fail($"The server exited at start:\n{Log()}");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return client;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not become healthy:\n{Log()}");
    }

    private string Log()
    {
        lock (_log) return _log.ToString();
    }

    private void StopServer()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown code runs
        _server?.WaitForExit(10_000);
        _server?.Dispose();
        _server = null;
    }

    private static async Task<JsonElement> RunsAsync(HttpClient client, Guid sourceId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");

    [Fact]
    public async Task A_run_killed_mid_harvest_is_failed_after_restart_nothing_is_half_published_and_the_next_run_succeeds()
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _municipality.MapFile("/badplatser.csv", csv, "text/csv; charset=utf-8");
        var client = await StartServerAsync();
        await HarvestPlatform.CreateOrganisationAsync(client, "dodkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(client, "dodkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = _municipality.Url("/badplatser.csv").ToString(),
        });
        Assert.Equal("Succeeded", (await HarvestPlatform.HarvestAsync(client, sourceId)).GetProperty("status").GetString());
        var before = await client.GetByteArrayAsync("/download/dodkommun/badplatser.csv");

        // The source starts answering and then hangs; the worker is killed while it waits.
        var hanging = new TaskCompletionSource();
        _municipality.Map("/badplatser.csv", async context =>
        {
            context.Response.ContentType = "text/csv";
            await context.Response.Body.WriteAsync(csv.AsMemory(0, 100));
            await context.Response.Body.FlushAsync();
            hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/admin/sources/{sourceId}/harvest", null)).StatusCode);
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var running = (await RunsAsync(client, sourceId))[0];
        Assert.Equal("Running", running.GetProperty("status").GetString());
        var killedRunId = running.GetProperty("id").GetGuid();
        StopServer();

        // Restarted with a short heartbeat timeout: the reaper must notice the abandoned run.
        client = await StartServerAsync("--Harvesting:HeartbeatTimeout=00:00:05");
        JsonElement reaped = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            reaped = (await RunsAsync(client, sourceId)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == killedRunId);
            if (reaped.GetProperty("status").GetString() != "Running") break;
            await Task.Delay(500);
        }
        Assert.Equal("Failed", reaped.GetProperty("status").GetString());
        Assert.Contains("stopped responding", reaped.GetProperty("error").GetString());
        Assert.True(reaped.GetProperty("finishedAt").GetDateTimeOffset() - reaped.GetProperty("startedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(3));

        Assert.Equal(before, await client.GetByteArrayAsync("/download/dodkommun/badplatser.csv"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/download/dodkommun/badplatser/v2.csv")).StatusCode);

        // The source is runnable again and the next run publishes.
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(csv).Replace("Sjöuddens strandbad", "Sjöuddens nya strandbad"));
        _municipality.MapFile("/badplatser.csv", changed, "text/csv; charset=utf-8");
        var next = await HarvestPlatform.HarvestAsync(client, sourceId);
        Assert.Equal("Succeeded", next.GetProperty("status").GetString());
        Assert.Contains("Sjöuddens nya strandbad", await client.GetStringAsync("/download/dodkommun/badplatser.csv"));
    }
}
