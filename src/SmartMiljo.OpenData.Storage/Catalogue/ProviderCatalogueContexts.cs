using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartMiljo.OpenData.Storage.Catalogue;

// One context type per provider, so each provider has its own migration set (column types differ)
// while the rest of the platform only knows CatalogueDbContext. Regenerate with:
//   dotnet ef migrations add <Name> -p src/SmartMiljo.OpenData.Storage -c SqliteCatalogueDbContext -o Catalogue/Migrations/Sqlite
//   dotnet ef migrations add <Name> -p src/SmartMiljo.OpenData.Storage -c PostgresCatalogueDbContext -o Catalogue/Migrations/Postgres

public sealed class SqliteCatalogueDbContext(DbContextOptions<SqliteCatalogueDbContext> options) : CatalogueDbContext(options);

public sealed class PostgresCatalogueDbContext(DbContextOptions<PostgresCatalogueDbContext> options) : CatalogueDbContext(options);

/// <summary>Design-time factories for <c>dotnet ef</c>: no database is contacted to add a migration.</summary>
public sealed class SqliteCatalogueDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogueDbContext>
{
    public SqliteCatalogueDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalogueDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresCatalogueDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogueDbContext>
{
    public PostgresCatalogueDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCatalogueDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
