using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.MultiNode.Tests;

/// <summary>
/// Production topology on one machine: a web node and two worker processes sharing one PostgreSQL
/// (catalogue, row tables and the Hangfire queue). 50 harvests are queued; each must run exactly once,
/// and when the worker running one of them is killed mid-download, the other worker completes it.
/// </summary>
public sealed class TwoWorkerTests : IAsyncLifetime
{
    private const string ApiKey = "multi-node-key";
    private const int SourceCount = 50;

    private readonly TemporaryDirectory _sharedData = new();
    private TestDatabase _database = null!;
    private LocalHttpServer _municipality = null!;
    private readonly List<ServerProcess> _servers = [];

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _municipality = await LocalHttpServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _municipality.DisposeAsync();
        await _database.DisposeAsync();
        _sharedData.Dispose();
    }

    private Dictionary<string, string> Settings(int jobThreads) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = _database.ConnectionString,
        // The shared file system path every node reads downloads from.
        ["Storage:DataDirectory"] = _sharedData.Path,
        ["Admin:ApiKey"] = ApiKey,
        ["Seed:Enabled"] = "false",
        ["Harvesting:AllowLoopback"] = "true",
        ["Harvesting:AllowPrivateNetworks"] = "true",
        // Short timeouts so a dead worker is noticed in seconds rather than minutes.
        ["Harvesting:HeartbeatInterval"] = "00:00:01",
        ["Harvesting:HeartbeatTimeout"] = "00:00:04",
        ["Jobs:InvisibilityTimeout"] = "00:00:10",
        ["Jobs:QueuePollInterval"] = "00:00:00.500",
        // One job at a time per worker: when a worker is killed, exactly the slow job is in flight on it.
        ["Jobs:WorkerCount"] = jobThreads.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task Fifty_harvests_each_run_once_and_a_killed_workers_job_completes_on_the_other()
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        var requests = new ConcurrentDictionary<int, int>();
        var slowRequestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < SourceCount; i++)
        {
            var n = i;
            _municipality.Map($"/badplatser-{n}.csv", async context =>
            {
                var attempt = requests.AddOrUpdate(n, 1, (_, c) => c + 1);
                if (n == 0 && attempt == 1)
                {
                    // The first download of source 0 hangs until its worker dies.
                    slowRequestArrived.TrySetResult();
                    try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
                    return;
                }
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.ContentLength = csv.Length;
                await context.Response.Body.WriteAsync(csv);
            });
        }

        var web = await StartAsync("web", jobThreads: 1);
        var workers = new[] { await StartAsync("worker", jobThreads: 1), await StartAsync("worker", jobThreads: 1) };
        using var admin = new HttpClient { BaseAddress = web.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        // A web node serves HTTP but runs no jobs; a worker serves nothing but its health.
        Assert.Equal(HttpStatusCode.NotFound, (await new HttpClient().GetAsync(new Uri(workers[0].BaseAddress, "api/admin/organisations"))).StatusCode);

        var sources = await RegisterSourcesAsync(admin);
        foreach (var id in sources)
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{id}/harvest", null)).StatusCode);

        await slowRequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var victim = await WorkerRunningAsync(sources[0], workers);
        victim.Kill();
        var survivor = workers.Single(w => w != victim);

        var outcome = await WaitForAllSucceededAsync(sources, TimeSpan.FromSeconds(240), survivor);

        // Each job ran once: one successful run per source, each file downloaded once, except the killed
        // one, downloaded twice: first by the dead worker (its run marked abandoned), then by the survivor.
        Assert.All(sources, id => Assert.Equal(1, outcome.Count(r => r.Source == id && r.Status == "Succeeded")));
        var killedRuns = outcome.Where(r => r.Source == sources[0]).ToList();
        Assert.Equal(2, killedRuns.Count);
        Assert.Contains(killedRuns, r => r.Status == "Failed" && r.Error!.Contains("stopped responding"));
        Assert.Equal(SourceCount + 1, outcome.Count);
        Assert.Equal(2, requests[0]);
        Assert.All(Enumerable.Range(1, SourceCount - 1), n => Assert.Equal(1, requests[n]));
        Assert.Equal(SourceCount, await ScalarAsync("SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'"));
        Assert.Equal(SourceCount, await ScalarAsync("SELECT count(*) FROM hangfire.job"));

        // Both survivors serve what any worker published, from the shared store.
        var published = await admin.GetFromJsonAsync<JsonElement>("/odata/kungalv/badplatser-0?$count=true&$top=1");
        Assert.True(published.GetProperty("@odata.count").GetInt32() > 0);
        Assert.False(survivor.HasExited);
    }

    private async Task<ServerProcess> StartAsync(string role, int jobThreads)
    {
        var server = await ServerProcess.StartAsync(role, Settings(jobThreads));
        _servers.Add(server);
        return server;
    }

    private async Task<List<Guid>> RegisterSourcesAsync(HttpClient admin)
    {
        var organisation = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "kungalv", name = "Kungälvs kommun", organisationNumber = "2120001488", municipalityCode = "1482",
            contactEmail = "info@kungalv.se",
        });
        Assert.Equal(HttpStatusCode.Created, organisation.StatusCode);
        var ids = new List<Guid>();
        for (var i = 0; i < SourceCount; i++)
        {
            var source = await admin.PostAsJsonAsync("/api/admin/organisations/kungalv/sources", new
            {
                name = $"Badplatser {i}", datasetSlug = $"badplatser-{i}", kind = "Csv", specificationId = "badplatser",
                location = _municipality.Url($"/badplatser-{i}.csv").ToString(), schedule = "0 4 * * *",
            });
            Assert.True(source.StatusCode == HttpStatusCode.Created, await source.Content.ReadAsStringAsync());
            ids.Add((await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return ids;
    }

    /// <summary>The worker whose Hangfire server is processing the source's job (server names carry the pid).</summary>
    private async Task<ServerProcess> WorkerRunningAsync(Guid sourceId, ServerProcess[] workers)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.data->>'ServerId' FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid " +
            "WHERE j.statename = 'Processing' AND j.arguments::text LIKE @id", connection);
        command.Parameters.AddWithValue("id", $"%{sourceId}%");
        var serverId = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("The slow job is not processing.");
        return workers.Single(w => serverId.Split(':').Contains(w.ProcessId.ToString()));
    }

    private sealed record RunOutcome(Guid Source, string Status, string? Error);

    private async Task<List<RunOutcome>> WaitForAllSucceededAsync(IReadOnlyList<Guid> sources, TimeSpan timeout, ServerProcess survivor)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<RunOutcome> runs = [];
        while (DateTime.UtcNow < deadline)
        {
            runs = [];
            await using (var connection = new NpgsqlConnection(_database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT \"SourceId\", \"Status\", \"Error\" FROM harvest_runs", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    runs.Add(new RunOutcome(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
            var finished = sources.All(id => runs.Any(r => r.Source == id && r.Status == "Succeeded"))
                           && runs.All(r => r.Status != "Running");
            if (finished) return runs;
            await Task.Delay(500);
        }
        var summary = string.Join(", ", runs.GroupBy(r => r.Status).Select(g => $"{g.Key}: {g.Count()}"));
        throw new TimeoutException($"Not every harvest finished ({summary}). Survivor output:\n{survivor.Output}");
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
