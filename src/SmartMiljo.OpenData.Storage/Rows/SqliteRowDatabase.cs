using System.Data.Common;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>The SQLite file holding row tables, in WAL mode so readers never wait for a load.</summary>
public sealed class SqliteRowDatabase : IRowDatabase
{
    private readonly string _connectionString;
    private int _initialised;

    public SqliteRowDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 60 };
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
        _connectionString = builder.ToString();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = Interlocked.Exchange(ref _initialised, 1) == 0
                ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000;"
                : "PRAGMA busy_timeout=60000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }
}
