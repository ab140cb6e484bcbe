using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Core.Ports;
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

public sealed class SqliteRowDatabase(string connectionString) : IRowDatabase
{
    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
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
    public IRowDatabase Database { get; private set; } = null!;
    public InMemoryPublishedDatasets Published { get; private set; } = null!;
    public bool Available { get; private set; } = true;
    public string? UnavailableReason { get; protected set; }

    protected virtual void Configure(ODataServiceOptions options) { }

    /// <summary>Creates the database, or returns null when it cannot exist on this machine.</summary>
    protected abstract Task<IRowDatabase?> CreateDatabaseAsync();

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
        await using (var connection = await database.OpenConnectionAsync())
        {
            await TestRowTables.CreateAsync(connection, database.Dialect, badplatser.TableName, badplatser.Schema, TestDatasets.BadplatserRows);
            await TestRowTables.CreateAsync(connection, database.Dialect, platser.TableName, platser.Schema, TestDatasets.PlatserRows());
            await TestRowTables.CreateAsync(connection, database.Dialect, other.TableName, other.Schema, TestDatasets.BadplatserRows.Take(2));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        Published = new InMemoryPublishedDatasets([badplatser, platser, other]);
        builder.Services.AddSingleton<IPublishedDatasets>(Published);
        builder.Services.AddSingleton(database);
        builder.Services.AddODataService(options =>
        {
            options.MaxPageSize = 1000;
            Configure(options);
        });
        _app = builder.Build();
        _app.MapODataEndpoints();
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

    protected override Task<IRowDatabase?> CreateDatabaseAsync() =>
        Task.FromResult<IRowDatabase?>(new SqliteRowDatabase(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()));

    protected override Task DisposeDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }
}

public sealed class PostgresRowDatabase(NpgsqlDataSource dataSource) : IRowDatabase
{
    public SqlDialect Dialect => SqlDialect.PostgreSql;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await dataSource.OpenConnectionAsync(cancellationToken);
}

public sealed class PostgresServiceFixture : ODataServiceFixture
{
    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IRowDatabase?> CreateDatabaseAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        return new PostgresRowDatabase(_dataSource);
    }

    protected override async Task DisposeDatabaseAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// The SQLite service whose database hands out no connection while <see cref="Hold"/> is taken, as a
/// pool that is exhausted under load does, with a short query time limit.
/// </summary>
public sealed class BusyDatabaseServiceFixture : ODataServiceFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"odata-tests-{Guid.NewGuid():N}.db");

    public SemaphoreSlim Hold { get; } = new(1, 1);

    protected override void Configure(ODataServiceOptions options) => options.QueryTimeout = TimeSpan.FromMilliseconds(300);

    protected override Task<IRowDatabase?> CreateDatabaseAsync() => Task.FromResult<IRowDatabase?>(
        new GatedDatabase(new SqliteRowDatabase(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()), Hold));

    protected override Task DisposeDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return Task.CompletedTask;
    }

    private sealed class GatedDatabase(IRowDatabase inner, SemaphoreSlim gate) : IRowDatabase
    {
        public SqlDialect Dialect => inner.Dialect;

        public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken); // waits like a full pool, until the caller gives up
            gate.Release();
            return await inner.OpenConnectionAsync(cancellationToken);
        }
    }
}
