using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// The publish switch is atomic: a failure injected into the catalogue save that moves readers to a new
/// version (the statement itself, or the commit of its transaction) leaves the last good version served
/// byte for byte, the dataset pointing at a version whose table exists, and the next harvest publishes.
/// </summary>
public class PublishAtomicityTests : IAsyncLifetime
{
    private readonly SwitchFault _fault = new();
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public PublishAtomicityTests() : this(StoreProvider.Sqlite) { }

    protected PublishAtomicityTests(StoreProvider provider) =>
        _platform = new HarvestPlatform(provider: provider, services: s =>
        {
            s.ConfigureDbContext<SqliteCatalogueDbContext>(o => o.AddInterceptors(_fault));
            s.ConfigureDbContext<PostgresCatalogueDbContext>(o => o.AddInterceptors(_fault));
        });

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Theory]
    [InlineData(SwitchFault.Kind.Statement)]
    [InlineData(SwitchFault.Kind.Commit)]
    public async Task A_failed_publish_save_leaves_the_last_good_version_served_byte_for_byte(SwitchFault.Kind kind)
    {
        var admin = _platform.Admin();
        var original = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(original), "text/csv");
        await HarvestPlatform.CreateOrganisationAsync(admin, "atomkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "atomkommun", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/bad.csv").ToString(),
        });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.NotEqual("Failed", first.GetProperty("status").GetString());

        var client = _platform.CreateClient();
        var csvBefore = await ReadBytesAsync(client, "/download/atomkommun/badplatser.csv");
        var odataBefore = await ReadBytesAsync(client, "/odata/atomkommun/badplatser");

        // New content; the save that switches readers to it fails once.
        var changed = original.Replace("Kvarnbadet", "Strandbadet");
        Assert.NotEqual(original, changed);
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(changed), "text/csv");
        _fault.Arm(kind);
        var failed = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.True(_fault.Fired, "The injected failure never met the publish switch.");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());

        Assert.Equal(csvBefore, await ReadBytesAsync(client, "/download/atomkommun/badplatser.csv"));
        Assert.Equal(odataBefore, await ReadBytesAsync(client, "/odata/atomkommun/badplatser"));
        await AssertCurrentVersionIsWholeAsync(expectedNumber: 1);

        // Nothing of the failed attempt was remembered: the next harvest loads the new content and publishes it.
        var next = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.NotEqual("Failed", next.GetProperty("status").GetString());
        Assert.NotEqual("Unchanged", next.GetProperty("status").GetString());
        var csvAfter = Encoding.UTF8.GetString(await ReadBytesAsync(client, "/download/atomkommun/badplatser.csv"));
        Assert.Contains("Strandbadet", csvAfter);
        await AssertCurrentVersionIsWholeAsync(expectedNumber: 3);
    }

    private static async Task<byte[]> ReadBytesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The dataset points at a published version of that number whose row table holds its rows.</summary>
    private async Task AssertCurrentVersionIsWholeAsync(int expectedNumber)
    {
        await using var scope = _platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Slug == "badplatser");
        var current = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Id == dataset.CurrentVersionId);
        Assert.Equal(expectedNumber, current.Number);
        Assert.Equal(VersionStatus.Published, current.Status);
        Assert.Equal(DatasetStatus.Published, dataset.Status);
        var rows = scope.ServiceProvider.GetRequiredService<IRowStore>();
        var layout = new Core.Tabular.TableLayout(Core.Schemas.TableSchemaJson.Parse(current.SchemaJson));
        var count = 0L;
        await foreach (var _ in rows.ReadRowsAsync(current.TableName, layout, CancellationToken.None)) count++;
        Assert.Equal(current.RowCount, count);
        Assert.Single(await db.DatasetVersions.AsNoTracking().Where(v => v.DatasetId == dataset.Id && v.Status == VersionStatus.Published).ToListAsync());
    }
}

public sealed class PostgresPublishAtomicityTests() : PublishAtomicityTests(StoreProvider.Postgres);

/// <summary>
/// Fails, once when armed, the catalogue save that points a dataset at a new version: either its UPDATE
/// statement, or the commit of the transaction that ran it (the statement succeeded, the commit did not).
/// </summary>
public sealed class SwitchFault : DbCommandInterceptor, IDbTransactionInterceptor
{
    public enum Kind { Statement, Commit }

    private Kind? _armed;
    private DbTransaction? _doomed;

    public bool Fired { get; private set; }

    public void Arm(Kind kind)
    {
        Fired = false;
        _armed = kind;
    }

    private static bool SwitchesVersion(DbCommand command) =>
        Regex.IsMatch(command.CommandText, @"UPDATE\s+""?datasets""?\s+SET[^;]*""CurrentVersionId""", RegexOptions.IgnoreCase);

    private void Inspect(DbCommand command)
    {
        if (_armed is null || !SwitchesVersion(command)) return;
        if (_armed == Kind.Statement)
        {
            _armed = null;
            Fired = true;
            throw new InjectedFault("Injected failure of the publish switch's statement.");
        }
        _doomed = command.Transaction;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Inspect(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Inspect(command);
        return base.NonQueryExecuting(command, eventData, result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (_doomed is not null && ReferenceEquals(transaction, _doomed))
        {
            _doomed = null;
            _armed = null;
            Fired = true;
            throw new InjectedFault("Injected failure of the publish switch's commit.");
        }
        return ValueTask.FromResult(result);
    }

    public sealed class InjectedFault(string message) : DbException(message);
}
