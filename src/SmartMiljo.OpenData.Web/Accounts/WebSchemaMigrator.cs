using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// Brings the web tables up to date at start-up. Callers hold the platform's start-up lock, so on
/// PostgreSQL one node migrates while the others wait. Data folders from before the web tables had
/// migrations (tables made from the model without a history) are adopted: whatever baseline tables they
/// lack are created from the first migration, the baseline is recorded, and later migrations apply.
/// </summary>
public static class WebSchemaMigrator
{
    /// <summary>The table whose presence shows the web tables were created before migrations existed.</summary>
    private const string LegacyMarkerTable = "web_users";

    public static async Task MigrateAsync(WebDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var migrations = db.Database.GetMigrations().ToList();
        // Checked with our own query: EF's check caches its answer, and querying a missing history
        // table works but logs an error.
        if (migrations.Count > 0 && !await HasTableAsync(db, WebDatabase.HistoryTable, cancellationToken))
        {
            if (await HasTableAsync(db, LegacyMarkerTable, cancellationToken)) await AdoptAsync(db, migrations[0], logger, cancellationToken);
            // A fresh database: an empty history table, so EF's own reads of it find one and log no error.
            else await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0) return;
        logger.LogInformation("Applying web migrations: {Migrations}", string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task AdoptAsync(WebDbContext db, string baselineId, ILogger logger, CancellationToken cancellationToken)
    {
        var migrationsAssembly = db.GetService<IMigrationsAssembly>();
        var baseline = migrationsAssembly.CreateMigration(migrationsAssembly.Migrations[baselineId], db.Database.ProviderName!);

        // Early builds made fewer tables (API keys came later) and never added the rest afterwards.
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in baseline.UpOperations.OfType<CreateTableOperation>())
            if (!await HasTableAsync(db, table.Name, cancellationToken)) missing.Add(table.Name);
        logger.LogWarning("Adopting web tables created without migrations as {Migration}{Missing}.", baselineId,
            missing.Count == 0 ? "" : "; creating the missing " + string.Join(", ", missing));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (missing.Count > 0)
        {
            var operations = baseline.UpOperations
                .Where(o => o is CreateTableOperation t && missing.Contains(t.Name) || o is CreateIndexOperation i && missing.Contains(i.Table))
                .ToList();
            var commands = db.GetService<IMigrationsSqlGenerator>().Generate(operations);
            await db.GetService<IMigrationCommandExecutor>()
                .ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>(), cancellationToken);
        }
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baselineId, ProductInfo.GetVersion())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> HasTableAsync(WebDbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}";
        return await db.Database.SqlQueryRaw<int>(sql, table).SingleAsync(cancellationToken) > 0;
    }
}
