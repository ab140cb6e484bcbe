using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Tests.Upgrades;

/// <summary>
/// The web tables' upgrade path, per provider: a fresh database is migrated, one whose web tables were
/// made before migrations existed (by the earlier create-the-tables start-up code) is adopted with its
/// users, and starting again changes nothing.
/// </summary>
public abstract class WebMigrationTests : IAsyncLifetime
{
    private const string LegacyEmail = "sedan-tidigare@exempelkommun.se";
    private const string LegacyPassword = "Gammalt-lösen-123";
    private static readonly Guid LegacyOrganisationId = Guid.NewGuid();

    private OwnedStorage _storage = null!;
    protected StorageOptions Storage => _storage.Options;

    protected abstract StorageProvider Provider { get; }

    public async Task InitializeAsync() => _storage = await OwnedStorage.CreateAsync(Provider);

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task A_fresh_database_gets_every_web_table_and_a_restart_changes_nothing()
    {
        for (var start = 1; start <= 2; start++)
        {
            await using var server = new ServerOnStorage(Storage);
            using var client = server.CreateBrowserlikeClient();
            Assert.True(await ServerOnStorage.SignInWithPasswordAsync(client, "admin@localhost", ServerOnStorage.AdministratorPassword),
                $"The administrator could not sign in after start {start}.");

            await using var scope = server.Services.CreateAsyncScope();
            var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
            Assert.False(web.Database.HasPendingModelChanges(),
                "The web model changed without a migration: add one for each provider (see ProviderWebContexts.cs).");
            Assert.Equal(web.Database.GetMigrations(), await web.Database.GetAppliedMigrationsAsync());
            foreach (var table in ModelTables(web)) Assert.True(await HasTableAsync(web, table), $"{table} is missing after start {start}.");
            Assert.Equal(1, await web.Users.CountAsync());
        }
    }

    [Fact]
    public async Task Web_tables_made_before_migrations_are_adopted_with_their_users_who_still_sign_in()
    {
        await CreateLegacyInstallAsync(withUser: true);

        for (var start = 1; start <= 2; start++)
        {
            await using var server = new ServerOnStorage(Storage);
            using var client = server.CreateBrowserlikeClient();
            Assert.True(await ServerOnStorage.SignInWithPasswordAsync(client, LegacyEmail, LegacyPassword),
                $"The user from before the upgrade could not sign in after start {start}.");
            Assert.False(await ServerOnStorage.SignInWithPasswordAsync(server.CreateBrowserlikeClient(), LegacyEmail, "Fel-lösenord-123"));

            await using var scope = server.Services.CreateAsyncScope();
            var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
            Assert.Equal(web.Database.GetMigrations(), await web.Database.GetAppliedMigrationsAsync());
            Assert.Equal("Tidigare revision", (await web.Audit.SingleAsync(a => a.Action == "legacy.entry")).Details);
            // The legacy user plus the administrator the first start created.
            Assert.Equal(2, await web.Users.CountAsync());
            // The later migration added the membership's source; the administrator's grant has none.
            var membership = await web.Memberships.SingleAsync();
            Assert.Equal((OrganisationRole.Publisher, LegacyOrganisationId, (string?)null), (membership.Role, membership.OrganisationId, membership.Source));
        }
    }

    [Fact]
    public async Task Tables_an_early_build_never_made_are_created_when_adopting()
    {
        await CreateLegacyInstallAsync(withUser: false);
        await using (var services = LegacyServices())
        await using (var scope = services.CreateAsyncScope())
        {
            // Builds before API keys existed made every web table but this one.
            await scope.ServiceProvider.GetRequiredService<WebDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE web_api_keys");
        }

        await using (var services = LegacyServices())
        await using (var scope = services.CreateAsyncScope())
        {
            var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
            await WebSchemaMigrator.MigrateAsync(web, NullLogger.Instance, default);
            Assert.Empty(await web.Database.GetPendingMigrationsAsync());
            var (key, secret) = await new OrganisationApiKeys(web, TimeProvider.System).IssueAsync(Guid.NewGuid(), "test", default);
            Assert.Equal(key.OrganisationId, (await new OrganisationApiKeys(web, TimeProvider.System).FindAsync(secret, default))?.OrganisationId);

            // Migrating again finds nothing to do.
            await WebSchemaMigrator.MigrateAsync(web, NullLogger.Instance, default);
            Assert.Equal(web.Database.GetMigrations(), await web.Database.GetAppliedMigrationsAsync());
        }
    }

    /// <summary>What a data folder looked like before the web tables had migrations: the catalogue
    /// migrated, the web tables created straight from the model of the time, no web migration history.</summary>
    private async Task CreateLegacyInstallAsync(bool withUser)
    {
        await using var services = LegacyServices();
        await using var scope = services.CreateAsyncScope();
        await CatalogueMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<CatalogueDbContext>(), NullLogger.Instance, default);
        var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        // The tables the earlier code made from the model of that time, which is the first migration's
        // (so its history and lock tables are dropped again: that code made none).
        await web.GetService<IMigrator>().MigrateAsync(web.Database.GetMigrations().First());
        await web.Database.ExecuteSqlRawAsync($"DROP TABLE {WebDatabase.HistoryTable}");
        await web.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS \"__EFMigrationsLock\"");
        Assert.False(await HasTableAsync(web, WebDatabase.HistoryTable));

        if (withUser)
        {
            // Raw SQL, with the first migration's columns: the current model's user has columns this schema lacks.
            var userId = Guid.NewGuid();
            var hash = new PasswordHasher<WebUser>().HashPassword(new WebUser(), LegacyPassword);
            await web.Database.ExecuteSqlRawAsync(
                "INSERT INTO web_users (\"Id\", \"UserName\", \"NormalizedUserName\", \"Email\", \"NormalizedEmail\", \"EmailConfirmed\", \"PasswordHash\", " +
                "\"SecurityStamp\", \"ConcurrencyStamp\", \"PhoneNumberConfirmed\", \"TwoFactorEnabled\", \"LockoutEnabled\", \"AccessFailedCount\", \"DisplayName\") " +
                "VALUES ({0}, {1}, {2}, {1}, {2}, TRUE, {3}, {4}, {5}, FALSE, FALSE, TRUE, 0, 'Tidigare')",
                Key(web, userId), LegacyEmail, LegacyEmail.ToUpperInvariant(), hash, Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString());
            // Raw SQL: the current model has columns this schema does not have yet.
            await web.Database.ExecuteSqlRawAsync(
                "INSERT INTO web_memberships (\"Id\", \"UserId\", \"OrganisationId\", \"Role\") VALUES ({0}, {1}, {2}, 'Publisher')",
                Key(web, Guid.NewGuid()), Key(web, userId), Key(web, LegacyOrganisationId));
        }
        await web.Database.ExecuteSqlRawAsync(
            "INSERT INTO web_audit (\"Id\", \"At\", \"UserName\", \"Action\", \"Target\", \"Details\") VALUES ({0}, {1}, {2}, 'legacy.entry', '-', 'Tidigare revision')",
            Key(web, Guid.NewGuid()), web.Database.IsNpgsql() ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.UtcTicks, LegacyEmail);
    }

    /// <summary>A key as the provider stores it (EF keeps GUIDs as upper-case text in SQLite).</summary>
    private static object Key(WebDbContext web, Guid id) => web.Database.IsNpgsql() ? id : id.ToString().ToUpperInvariant();

    private ServiceProvider LegacyServices()
    {
        var services = new ServiceCollection().AddLogging().AddSmartMiljoStorage(Storage).AddSmartMiljoWebDatabase();
        services.AddIdentityCore<WebUser>().AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<WebDbContext>();
        return services.BuildServiceProvider();
    }

    private static IEnumerable<string> ModelTables(WebDbContext web) =>
        web.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct();

    private static async Task<bool> HasTableAsync(WebDbContext web, string table)
    {
        var sql = web.Database.IsNpgsql()
            ? "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}";
        return await web.Database.SqlQueryRaw<int>(sql, table).SingleAsync() > 0;
    }
}

public sealed class SqliteWebMigrationTests : WebMigrationTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresWebMigrationTests : WebMigrationTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
