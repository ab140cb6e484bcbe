namespace SmartMiljo.OpenData.Storage;

public enum StorageProvider { Sqlite, Postgres }

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder for the SQLite files and downloads when no explicit paths are set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Catalogue connection string; for SQLite defaults to <c>{DataDirectory}/catalogue.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Row-table connection string; SQLite defaults to a separate <c>{DataDirectory}/rows.db</c> so that
    /// a long load never blocks catalogue writes. PostgreSQL uses the catalogue database unless set.</summary>
    public string? RowsConnectionString { get; set; }

    /// <summary>How many superseded versions (tables and downloads) to keep per dataset.</summary>
    public int RetainedVersions { get; set; } = 3;

    public string ResolveCatalogueConnectionString() => ConnectionString ?? Provider switch
    {
        StorageProvider.Sqlite => $"Data Source={Path.Combine(DataDirectory, "catalogue.db")}",
        _ => throw new InvalidOperationException("Storage:ConnectionString is required for PostgreSQL."),
    };

    public string ResolveRowsConnectionString() => RowsConnectionString ?? Provider switch
    {
        StorageProvider.Sqlite => $"Data Source={Path.Combine(DataDirectory, "rows.db")}",
        _ => ResolveCatalogueConnectionString(),
    };
}
