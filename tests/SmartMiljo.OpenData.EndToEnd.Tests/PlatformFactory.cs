using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Storage.Tests.Postgres;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

public enum PlatformStore { Sqlite, Postgres }

/// <summary>The real server (all of Program's wiring) on a private data folder, with the catalogue, rows
/// and job queue in SQLite (default) or in a private PostgreSQL database.</summary>
public sealed class PlatformFactory(bool seed = false, PlatformStore store = PlatformStore.Sqlite) : WebApplicationFactory<Program>
{
    private TestDatabase? _postgres;

    public const string ApiKey = "e2e-secret-key";
    public TemporaryDirectory Data { get; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", Data.Path);
        builder.UseSetting("Admin:ApiKey", ApiKey);
        builder.UseSetting("Seed:Enabled", seed ? "true" : "false");
        builder.UseSetting("Platform:BaseUrl", "http://data.example.test");
        builder.UseSetting("Harvesting:AllowPrivateNetworks", "true");
        builder.UseSetting("Harvesting:AllowLoopback", "true");
        if (store == PlatformStore.Postgres)
        {
            // Off the test's synchronization context: ConfigureWebHost is synchronous.
            _postgres = Task.Run(TestPostgres.CreateDatabaseAsync).GetAwaiter().GetResult();
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("Storage:ConnectionString", _postgres.ConnectionString);
            builder.UseSetting("Jobs:QueuePollInterval", "00:00:00.250");
        }
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Polls the run list until a run that started after <paramref name="knownRuns"/> has finished.</summary>
    public static async Task<JsonElement> WaitForNewRunAsync(HttpClient client, Guid sourceId, int knownRuns, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            var runs = await client.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");
            if (runs.GetArrayLength() > knownRuns)
            {
                var newest = runs[0];
                if (newest.GetProperty("status").GetString() != "Running") return newest;
            }
            await Task.Delay(200);
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
