using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Storage.Tests;

/// <summary>The catalogue's migrations, per provider, through the same registration the server uses.</summary>
public abstract class CatalogueMigrationTests : IAsyncLifetime
{
    protected abstract Task<StorageOptions> CreateStorageAsync();
    protected abstract Task CleanUpAsync();

    private ServiceProvider _services = null!;

    public async Task InitializeAsync() =>
        _services = new ServiceCollection().AddSmartMiljoStorage(await CreateStorageAsync()).BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await CleanUpAsync();
    }

    private CatalogueDbContext NewContext() => _services.CreateScope().ServiceProvider.GetRequiredService<CatalogueDbContext>();

    [Fact]
    public async Task The_migrations_describe_the_current_model_and_create_a_working_catalogue()
    {
        await using var db = NewContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The catalogue model changed without a migration: add one for each provider (see ProviderCatalogueContexts.cs).");
        await CatalogueMigrator.MigrateAsync(db, NullLogger.Instance, default);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        var organisation = new Organisation { Name = "Kungälvs kommun", Slug = "kungalv", OrganisationNumber = "2120001488", CreatedAt = DateTimeOffset.UtcNow };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        await using var other = NewContext();
        Assert.Equal("kungalv", (await other.Organisations.SingleAsync()).Slug);
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_once_and_all_start()
    {
        var contexts = Enumerable.Range(0, 3).Select(_ => NewContext()).ToList();
        await Task.WhenAll(contexts.Select(async db =>
        {
            await using var startupLock = await CatalogueMigrator.AcquireStartupLockAsync(db, default);
            await CatalogueMigrator.MigrateAsync(db, NullLogger.Instance, default);
        }));
        foreach (var db in contexts)
        {
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Published_datasets_parse_each_versions_schema_once_and_follow_a_new_version()
    {
        await using var db = NewContext();
        await CatalogueMigrator.MigrateAsync(db, NullLogger.Instance, default);
        var organisation = new Organisation { Name = "Kungälvs kommun", Slug = "kungalv", OrganisationNumber = "2120001488", CreatedAt = DateTimeOffset.UtcNow };
        var dataset = Dataset.Create(organisation.Id, "badplatser", new DatasetDescription { Title = "Badplatser" }, DateTimeOffset.UtcNow);
        var first = new DatasetVersion
        {
            DatasetId = dataset.Id, Number = 1, TableName = "t_v1", CreatedAt = DateTimeOffset.UtcNow,
            SchemaJson = """{"fields":[{"name":"namn","type":"string"}]}""",
        };
        db.AddRange(organisation, dataset, first);
        await db.SaveChangesAsync();
        dataset.Publish(first, null, DateTimeOffset.UtcNow); // after the insert, as the pipeline does (the two rows refer to each other)
        await db.SaveChangesAsync();

        var schemas = new VersionSchemaCache(); // one per process, as DI registers it
        var a = Assert.Single(await new EfPublishedDatasets(NewContext(), schemas).ListAsync("kungalv"));
        var b = await new EfPublishedDatasets(NewContext(), schemas).FindAsync("kungalv", "badplatser");
        Assert.Same(a.Schema, b!.Schema);
        Assert.Equal("namn", Assert.Single(a.Schema.Fields).Name);

        var second = new DatasetVersion
        {
            DatasetId = dataset.Id, Number = 2, TableName = "t_v2", CreatedAt = DateTimeOffset.UtcNow,
            SchemaJson = """{"fields":[{"name":"namn","type":"string"},{"name":"djup","type":"number"}]}""",
        };
        db.Add(second);
        await db.SaveChangesAsync();
        dataset.Publish(second, first, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        var c = Assert.Single(await new EfPublishedDatasets(NewContext(), schemas).ListAsync(null));
        Assert.Equal(2, c.VersionNumber);
        Assert.Equal(["namn", "djup"], c.Schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task A_catalogue_created_before_migrations_existed_is_adopted()
    {
        // Such a catalogue has the first migration's tables (EnsureCreated from that era's model) and no history.
        await using (var db = NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
        }
        await using (var db = NewContext())
        {
            await CatalogueMigrator.MigrateAsync(db, NullLogger.Instance, default);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Organisations.CountAsync());
        }
    }

    [Fact]
    public async Task Catalogue_sources_lose_the_placeholder_dataset_they_were_given_and_other_sources_keep_theirs()
    {
        Guid catalogueSource, csvSource, placeholder, csvDataset, recordDataset;
        await using (var db = NewContext())
        {
            // The catalogue as the migration before this one left it: every source with a dataset of its own.
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_CatalogueSourceWithoutDataset", StringComparison.Ordinal));
            Assert.True(index > 0);
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1]);
            // The rows are written with today's model; the column this migration adds is there only while they are.
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE datasets ADD COLUMN "OtherLanguages" TEXT NOT NULL DEFAULT '[]'""");
            var now = DateTimeOffset.UtcNow;
            var organisation = new Organisation { Name = "Härryda kommun", Slug = "harryda", OrganisationNumber = "2120001421", CreatedAt = now };
            var placeholderDataset = Dataset.Create(organisation.Id, "kommunens-katalog", new DatasetDescription { Title = "Kommunens katalog" }, now);
            var csv = Dataset.Create(organisation.Id, "badplatser", new DatasetDescription { Title = "Badplatser" }, now);
            var record = Dataset.Create(organisation.Id, "luftkvalitet", new DatasetDescription { Title = "Luftkvalitet" }, now);
            var dcat = new Core.Harvesting.HarvestSource { OrganisationId = organisation.Id, DatasetId = placeholderDataset.Id, Name = "Kommunens katalog", Kind = Core.Harvesting.SourceKind.Dcat, Location = "https://example.se/dcat.ttl", CreatedAt = now };
            var file = new Core.Harvesting.HarvestSource { OrganisationId = organisation.Id, DatasetId = csv.Id, Name = "Badplatser", Kind = Core.Harvesting.SourceKind.Csv, Location = "https://example.se/badplatser.csv", CreatedAt = now };
            db.AddRange(organisation, placeholderDataset, csv, record, dcat, file);
            db.Add(Core.Harvesting.HarvestSourceItem.Register(dcat.Id, "https://example.se/dataset/luft", record.Id, now));
            await db.SaveChangesAsync();
            (catalogueSource, csvSource, placeholder, csvDataset, recordDataset) = (dcat.Id, file.Id, placeholderDataset.Id, csv.Id, record.Id);
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE datasets DROP COLUMN "OtherLanguages" """);
        }
        await using (var db = NewContext())
        {
            await CatalogueMigrator.MigrateAsync(db, NullLogger.Instance, default);
            Assert.Null((await db.HarvestSources.SingleAsync(s => s.Id == catalogueSource)).DatasetId);
            Assert.Equal(csvDataset, (await db.HarvestSources.SingleAsync(s => s.Id == csvSource)).DatasetId);
            Assert.False(await db.Datasets.AnyAsync(d => d.Id == placeholder));
            Assert.True(await db.Datasets.AnyAsync(d => d.Id == csvDataset && d.Status == DatasetStatus.Draft));
            Assert.True(await db.Datasets.AnyAsync(d => d.Id == recordDataset && d.Status == DatasetStatus.Draft)); // the record the catalogue fed stays
        }
    }
}

public sealed class SqliteCatalogueMigrationTests : CatalogueMigrationTests
{
    private readonly TemporaryDirectory _dir = new();

    protected override Task<StorageOptions> CreateStorageAsync() =>
        Task.FromResult(new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = _dir.Path });

    protected override Task CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresCatalogueMigrationTests : CatalogueMigrationTests
{
    private TestDatabase? _database;

    protected override async Task<StorageOptions> CreateStorageAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        return new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _database.ConnectionString };
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
