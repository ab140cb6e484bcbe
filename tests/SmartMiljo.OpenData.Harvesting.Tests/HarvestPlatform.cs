using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>Where the platform under test keeps its catalogue, row tables and job queue.</summary>
public enum StoreProvider { Sqlite, Postgres }

/// <summary>
/// The real server in process on a private data folder, with harvesting limits small enough for tests;
/// the catalogue, rows and job queue in SQLite files there, or in a private database on the test
/// PostgreSQL server (<see cref="TestPostgres"/>).
/// </summary>
public sealed class HarvestPlatform(
    IReadOnlyDictionary<string, string>? settings = null, StoreProvider provider = StoreProvider.Sqlite, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "harvest-test-key";
    private TestDatabase? _postgres;

    public TemporaryDirectory Data { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", Data.Path);
        builder.UseSetting("Admin:ApiKey", ApiKey);
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseSetting("Platform:BaseUrl", "http://data.example.test");
        builder.UseSetting("Harvesting:AllowLoopback", "true");
        builder.UseSetting("Harvesting:RetryBaseDelay", "00:00:00.050");
        builder.UseSetting("Harvesting:MaxRetries", "1");
        builder.UseSetting("Harvesting:CircuitBreakerFailures", "1000");
        if (provider == StoreProvider.Postgres)
        {
            // Off the test's synchronization context: ConfigureWebHost is synchronous.
            _postgres = Task.Run(TestPostgres.CreateDatabaseAsync).GetAwaiter().GetResult();
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("Storage:ConnectionString", _postgres.ConnectionString);
            builder.UseSetting("Jobs:QueuePollInterval", "00:00:00.250");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public static async Task CreateOrganisationAsync(HttpClient admin, string slug, string organisationNumber)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new { slug, name = $"Test {slug}", organisationNumber, municipalityCode = "1493" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public static async Task<Guid> CreateSourceAsync(HttpClient admin, string org, object request)
    {
        var created = await admin.PostAsJsonAsync($"/api/admin/organisations/{org}/sources", request);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Triggers a harvest and waits for its run to finish.</summary>
    public static async Task<JsonElement> HarvestAsync(HttpClient admin, Guid sourceId, TimeSpan? timeout = null)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var trigger = await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        return await WaitForRunAsync(admin, sourceId, known, timeout);
    }

    public static async Task<JsonElement> WaitForRunAsync(HttpClient client, Guid sourceId, int knownRuns, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            var runs = await client.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");
            if (runs.GetArrayLength() > knownRuns && runs[0].GetProperty("status").GetString() != "Running") return runs[0];
            await Task.Delay(150);
        }
        throw new TimeoutException($"No finished run of source {sourceId} within the time limit.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            if (_postgres is not null) Task.Run(() => _postgres.DisposeAsync().AsTask()).GetAwaiter().GetResult();
            Data.Dispose();
        }
    }
}
