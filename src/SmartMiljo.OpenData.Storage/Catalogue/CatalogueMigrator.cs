using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>
/// Brings the catalogue schema up to date at start-up. Several nodes may start at once: on PostgreSQL
/// they queue on an advisory lock, so exactly one migrates (and seeds) while the others wait and then
/// find nothing left to do.
/// </summary>
public static class CatalogueMigrator
{
    // Any constant works; it only has to be the same on every node and unused by anything else.
    private const long StartupLockKey = 0x5343_4154_414C_4F47; // "SCATALOG"

    /// <summary>Holds the start-up lock until disposed (a no-op on SQLite, whose migrations lock the file).</summary>
    public static async Task<IAsyncDisposable> AcquireStartupLockAsync(CatalogueDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return NoLock.Instance;
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", StartupLockKey);
            command.CommandTimeout = 0; // another node may be running a long migration
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new SessionLock(connection); // released when the session ends
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies pending migrations. A catalogue created before migrations existed (by
    /// EnsureCreated, from the same model as the first migration) is adopted instead of failing.</summary>
    public static async Task MigrateAsync(CatalogueDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var history = db.GetService<IHistoryRepository>();
        // Checked first, with our own query: EF's check caches its answer, and querying a missing
        // history table works but logs a (harmless) error.
        if (!await HasTableAsync(db, "__EFMigrationsHistory", cancellationToken))
        {
            if (migrations.Count > 0 && await HasTableAsync(db, "organisations", cancellationToken))
            {
                logger.LogWarning("Adopting a catalogue created without migrations as {Migration}.", migrations[0]);
                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    history.GetInsertScript(new HistoryRow(migrations[0], ProductInfo.GetVersion())), cancellationToken);
            }
            else
            {
                logger.LogInformation("Creating the catalogue ({Count} migrations).", migrations.Count);
                // An empty history table first: EF reads it before migrating and logs an error when it is missing.
                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0) return;
        logger.LogInformation("Applying catalogue migrations: {Migrations}", string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task<bool> HasTableAsync(CatalogueDbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}";
        return await db.Database.SqlQueryRaw<int>(sql, table).SingleAsync(cancellationToken) > 0;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SessionLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
            finally { await connection.DisposeAsync(); }
        }
    }
}
