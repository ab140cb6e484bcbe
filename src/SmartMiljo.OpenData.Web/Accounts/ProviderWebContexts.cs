using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartMiljo.OpenData.Web.Accounts;

// One context type per provider, so each provider has its own migration set (column types differ), as the
// catalogue does. The web tables share the catalogue's database, so their history is kept in a table of
// their own: the two migration sets never see each other's rows. Add a migration with:
//   dotnet ef migrations add <Name> -p src/SmartMiljo.OpenData.Web -s src/SmartMiljo.OpenData.Web -c SqliteWebDbContext -o Accounts/Migrations/Sqlite
//   dotnet ef migrations add <Name> -p src/SmartMiljo.OpenData.Web -s src/SmartMiljo.OpenData.Web -c PostgresWebDbContext -o Accounts/Migrations/Postgres

public sealed class SqliteWebDbContext(DbContextOptions<SqliteWebDbContext> options) : WebDbContext(options);

public sealed class PostgresWebDbContext(DbContextOptions<PostgresWebDbContext> options) : WebDbContext(options);

/// <summary>Connects the web contexts to a database, the same way at run time and at design time.</summary>
public static class WebDatabase
{
    /// <summary>The web tables' own migration history (the catalogue's is <c>__EFMigrationsHistory</c>).</summary>
    public const string HistoryTable = "__web_migrations_history";

    public static DbContextOptionsBuilder UseSqliteWeb(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable(HistoryTable));

    public static DbContextOptionsBuilder UsePostgresWeb(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(HistoryTable));
}

/// <summary>Design-time factories for <c>dotnet ef</c>: no database is contacted to add a migration.</summary>
public sealed class SqliteWebDesignFactory : IDesignTimeDbContextFactory<SqliteWebDbContext>
{
    public SqliteWebDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteWebDbContext>();
        options.UseSqliteWeb("Data Source=design.db");
        return new SqliteWebDbContext(options.Options);
    }
}

public sealed class PostgresWebDesignFactory : IDesignTimeDbContextFactory<PostgresWebDbContext>
{
    public PostgresWebDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresWebDbContext>();
        options.UsePostgresWeb("Host=localhost;Database=design");
        return new PostgresWebDbContext(options.Options);
    }
}
