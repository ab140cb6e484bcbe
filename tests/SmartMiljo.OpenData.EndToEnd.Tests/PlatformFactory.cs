using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

public enum PlatformStore { Sqlite, Postgres }

/// <summary>Where the platform keeps download files: its data folder, or a private bucket on the test S3 server.</summary>
public enum PlatformDownloads { FileSystem, S3 }

/// <summary>The real server (all of Program's wiring) on a private data folder, with the catalogue, rows
/// and job queue in SQLite (default) or in a private PostgreSQL database. Given a <paramref name="dataDirectory"/>
/// (SQLite), a second factory on it is the same platform restarted; the caller then owns the folder.</summary>
public sealed class PlatformFactory(bool seed = false, PlatformStore store = PlatformStore.Sqlite,
    PlatformDownloads downloads = PlatformDownloads.FileSystem, string? dataDirectory = null,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private TestDatabase? _postgres;

    public const string ApiKey = "e2e-secret-key";
    public TemporaryDirectory Data { get; } = new();

    /// <summary>The platform's data folder: <see cref="Data"/>, or the one given to restart on.</summary>
    public string DataPath => dataDirectory ?? Data.Path;

    /// <summary>The S3 server and bucket holding the downloads, when <see cref="PlatformDownloads.S3"/>.</summary>
    public (TestS3Server Server, string Bucket)? S3 { get; private set; }

    /// <summary>Settings applied after the defaults above (e.g. <c>Harvesting:AllowLoopback = false</c> for the network guard's tests).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every log line the server wrote (category, level, message, exception), for tests about start-up noise.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataPath);
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
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
        if (downloads == PlatformDownloads.S3)
        {
            var server = Task.Run(TestS3Server.SharedAsync).GetAwaiter().GetResult();
            var bucket = Task.Run(() => server.CreateBucketAsync("e2e")).GetAwaiter().GetResult();
            S3 = (server, bucket);
            builder.UseSetting("Downloads:Store", "S3");
            builder.UseSetting("Downloads:S3:ServiceUrl", server.ServiceUrl.ToString());
            builder.UseSetting("Downloads:S3:Bucket", bucket);
            builder.UseSetting("Downloads:S3:Region", TestS3Server.Region);
            builder.UseSetting("Downloads:S3:AccessKey", TestS3Server.AccessKey);
            builder.UseSetting("Downloads:S3:SecretKey", TestS3Server.SecretKey);
            builder.UseSetting("Downloads:S3:KeyPrefix", "e2e");
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CollectingLoggerProvider(Log)));
        AllowManyPlatforms(builder);
    }

    /// <summary>Each platform in this process builds its own EF Core internals (its interceptor instances differ): many
    /// platforms per test run are expected here, never in production, where one process hosts one platform.</summary>
    public static void AllowManyPlatforms(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SmartMiljo.OpenData.Storage.Catalogue.SqliteCatalogueDbContext>(IgnoreManyProviders);
        services.ConfigureDbContext<SmartMiljo.OpenData.Storage.Catalogue.PostgresCatalogueDbContext>(IgnoreManyProviders);
    });

    private static void IgnoreManyProviders(Microsoft.EntityFrameworkCore.DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.ManyServiceProvidersCreatedWarning));

    private sealed class CollectingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, log);
        public void Dispose() { }

        private sealed class Collecting(string category, System.Collections.Concurrent.ConcurrentQueue<string> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) log.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
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
                // FinishedAt is saved with the last stage record, after the status: waiting for it means
                // the run's record is complete (on PostgreSQL the gap between the two is observable).
                if (newest.GetProperty("status").GetString() != "Running"
                    && newest.TryGetProperty("finishedAt", out var finished) && finished.ValueKind != JsonValueKind.Null)
                    return newest;
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
