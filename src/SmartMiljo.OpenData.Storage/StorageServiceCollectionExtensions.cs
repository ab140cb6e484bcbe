using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the catalogue (EF Core) and the row store for the configured provider.</summary>
    public static IServiceCollection AddSmartMiljoStorage(this IServiceCollection services, StorageOptions options)
    {
        var catalogue = options.ResolveCatalogueConnectionString();
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                EnsureSqliteFolder(catalogue);
                services.AddDbContext<CatalogueDbContext, SqliteCatalogueDbContext>((sp, o) => WithProtectedLocations(sp, o.UseSqlite(catalogue)));
                services.AddSingleton(new SqliteRowDatabase(options.ResolveRowsConnectionString()));
                services.AddSingleton<IRowDatabase>(sp => sp.GetRequiredService<SqliteRowDatabase>());
                services.AddSingleton<IRowStore, SqliteRowStore>();
                break;
            case StorageProvider.Postgres:
                services.AddDbContext<CatalogueDbContext, PostgresCatalogueDbContext>((sp, o) => WithProtectedLocations(sp, o.UseNpgsql(catalogue)));
                services.AddSingleton(new PostgresRowDatabase(options.ResolveRowsConnectionString()));
                services.AddSingleton<IRowDatabase>(sp => sp.GetRequiredService<PostgresRowDatabase>());
                services.AddSingleton<IRowStore, PostgresRowStore>();
                break;
            default:
                throw new NotSupportedException($"Storage:Provider '{options.Provider}' is unknown; use 'Sqlite' or 'Postgres'.");
        }
        services.AddSingleton<IRowChanges>(sp => new RowChanges((RowDatabase)sp.GetRequiredService<IRowDatabase>()));
        services.AddSingleton<VersionSchemaCache>();
        services.AddScoped<IPublishedDatasets, EfPublishedDatasets>();
        return services;
    }

    /// <summary>Source addresses holding credentials are stored protected when a protector is registered.</summary>
    private static void WithProtectedLocations(IServiceProvider services, DbContextOptionsBuilder options)
    {
        if (services.GetService<ISecretProtector>() is not null) options.AddInterceptors(ProtectedSourceLocations.Instance);
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(path) && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
    }
}
