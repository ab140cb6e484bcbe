using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartMiljo.OpenData.Api.Http;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Api.OpenApi;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>The published versions as a catalogue keeps them: the current version of each dataset, plus
/// the older versions still retained.</summary>
public sealed class InMemoryPublishedDatasets(IReadOnlyList<PublishedDataset> datasets) : IPublishedDatasets
{
    private readonly object _gate = new();
    private List<PublishedDataset> _current = [.. datasets];
    private readonly List<PublishedDataset> _retained = [];

    /// <summary>Makes <paramref name="version"/> current; the version it replaces stays retained.</summary>
    public void Publish(PublishedDataset version)
    {
        lock (_gate)
        {
            var replaced = _current.Where(d => d.OrganisationSlug == version.OrganisationSlug && d.DatasetSlug == version.DatasetSlug).ToList();
            _retained.AddRange(replaced);
            _current = [.. _current.Except(replaced), version];
        }
    }

    /// <summary>Forgets a retained version, as retention does after dropping its table.</summary>
    public void Discard(PublishedDataset version)
    {
        lock (_gate) _retained.Remove(version);
    }

    public Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<PublishedDataset>>(_current.Where(d => organisationSlug is null || d.OrganisationSlug == organisationSlug).ToList());
    }

    public Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_current.FirstOrDefault(d => d.OrganisationSlug == organisationSlug && d.DatasetSlug == datasetSlug));
    }

    public Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_current.Concat(_retained).FirstOrDefault(d =>
                d.OrganisationSlug == organisationSlug && d.DatasetSlug == datasetSlug && d.VersionNumber == versionNumber));
    }
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving <c>MapODataEndpoints</c> over the test datasets.
/// Subclasses provide the row database (SQLite file, or a PostgreSQL cluster).
/// </summary>
public abstract class ODataServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public RowDatabase Database { get; private set; } = null!;
    public InMemoryPublishedDatasets Published { get; private set; } = null!;
    public bool Available { get; private set; } = true;
    public string? UnavailableReason { get; protected set; }

    protected virtual void Configure(ODataServiceOptions options) { }

    /// <summary>The service's clock, so <c>now()</c> in $filter has a known value.</summary>
    public static readonly DateTimeOffset Now = new(2024, 7, 16, 12, 0, 0, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Creates the database, or returns null when it cannot exist on this machine.</summary>
    protected abstract Task<RowDatabase?> CreateDatabaseAsync();

    /// <summary>The database the service reads through; the tables are written through <see cref="Database"/>.</summary>
    protected virtual RowDatabase ServiceDatabase => Database;

    public async Task InitializeAsync()
    {
        var database = await CreateDatabaseAsync();
        if (database is null) { Available = false; return; }
        Database = database;

        var badplatser = TestDatasets.Published(TestDatasets.Organisation, "badplatser", "t_badplatser_v1", TestDatasets.BadplatserSchema,
            TestDatasets.BadplatserRows.Length, "Badplatser");
        var platser = TestDatasets.Published(TestDatasets.Organisation, "intressanta-platser", "t_platser_v1", TestDatasets.PlatserSchema,
            TestDatasets.PlatserCount, "Intressanta platser");
        var other = TestDatasets.Published(TestDatasets.OtherOrganisation, "badplatser", "t_grann_badplatser_v1", TestDatasets.BadplatserSchema,
            2, "Grannens badplatser");
        await TestRowTables.CreateAsync(database, badplatser.TableName, badplatser.Schema, TestDatasets.BadplatserRows);
        await TestRowTables.CreateAsync(database, platser.TableName, platser.Schema, TestDatasets.PlatserRows());
        await TestRowTables.CreateAsync(database, other.TableName, other.Schema, TestDatasets.BadplatserRows.Take(2));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        Published = new InMemoryPublishedDatasets([badplatser, platser, other]);
        builder.Services.AddSingleton<IPublishedDatasets>(Published);
        builder.Services.AddSingleton<IRowDatabase>(ServiceDatabase);
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        builder.Services.AddODataService(options =>
        {
            options.MaxPageSize = 1000;
            Configure(options);
        });
        builder.Services.AddOgcFeatures();
        builder.Services.AddDatasetApiDescriptions();
        _app = builder.Build();
        _app.UsePublicReadCors();
        _app.MapODataEndpoints();
        _app.MapOgcFeatureEndpoints();
        _app.MapDatasetApiDescriptions();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await DisposeDatabaseAsync();
    }

    protected virtual Task DisposeDatabaseAsync() => Task.CompletedTask;
}

public sealed class SqliteServiceFixture : ODataServiceFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"odata-tests-{Guid.NewGuid():N}.db");

    protected override Task<RowDatabase?> CreateDatabaseAsync() =>
        Task.FromResult<RowDatabase?>(new SqliteRowDatabase(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()));

    protected override Task DisposeDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }
}

public sealed class PostgresServiceFixture : ODataServiceFixture
{
    private TestDatabase? _database;
    private PostgresRowDatabase? _rows;

    protected override async Task<RowDatabase?> CreateDatabaseAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        return _rows = new PostgresRowDatabase(_database.ConnectionString);
    }

    protected override async Task DisposeDatabaseAsync()
    {
        if (_rows is not null) await _rows.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// The PostgreSQL service reading through a pool of one connection, which <see cref="HoldConnectionAsync"/>
/// takes, as a pool exhausted under load is; with a short query time limit.
/// </summary>
public sealed class BusyDatabaseServiceFixture : ODataServiceFixture
{
    private TestDatabase? _database;
    private PostgresRowDatabase? _rows;
    private PostgresRowDatabase? _service;

    protected override void Configure(ODataServiceOptions options) => options.QueryTimeout = TimeSpan.FromMilliseconds(300);

    protected override async Task<RowDatabase?> CreateDatabaseAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _service = new PostgresRowDatabase(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 1, Timeout = 30 }.ToString());
        return _rows = new PostgresRowDatabase(_database.ConnectionString);
    }

    protected override RowDatabase ServiceDatabase => _service!;

    /// <summary>Takes the service's only connection until disposed.</summary>
    public async Task<IAsyncDisposable> HoldConnectionAsync() => await _service!.OpenConnectionAsync();

    protected override async Task DisposeDatabaseAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        if (_rows is not null) await _rows.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
