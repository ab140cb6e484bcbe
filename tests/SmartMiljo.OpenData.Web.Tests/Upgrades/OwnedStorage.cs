using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests.Upgrades;

/// <summary>Storage one test owns on one provider: a data folder, and on PostgreSQL a database of its own;
/// both removed afterwards, so one server after another can be started on the same storage.</summary>
public sealed class OwnedStorage : IAsyncDisposable
{
    private readonly TemporaryDirectory _data;
    private readonly TestDatabase? _database;

    private OwnedStorage(TemporaryDirectory data, TestDatabase? database, StorageOptions options)
    {
        _data = data;
        _database = database;
        Options = options;
    }

    public StorageOptions Options { get; }

    public static async Task<OwnedStorage> CreateAsync(StorageProvider provider)
    {
        var data = new TemporaryDirectory();
        if (provider == StorageProvider.Sqlite)
            return new OwnedStorage(data, null, new StorageOptions { Provider = provider, DataDirectory = data.Path });
        var database = await TestPostgres.CreateDatabaseAsync();
        return new OwnedStorage(data, database,
            new StorageOptions { Provider = provider, DataDirectory = data.Path, ConnectionString = database.ConnectionString });
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_database is not null) await _database.DisposeAsync();
        _data.Dispose();
    }
}
