using System.Data.Common;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>The SQLite file holding row tables, in WAL mode so readers never wait for a load.</summary>
public sealed class SqliteRowDatabase : RowDatabase
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

    public override SqlDialect Dialect => SqlDialect.Sqlite;
    public override IRowFormat Format => SqliteRowFormat.Instance;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
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
        SqliteFunctions.RegisterDecimals(connection); // decimal columns and their indexes need the collation for any statement
        return connection;
    }

    protected override IDisposable? Prepare(DbConnection connection, CancellationToken timeLimit)
    {
        var sqlite = (SqliteConnection)connection;
        SqliteFunctions.Register(sqlite);
        return timeLimit.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle));
    }

    protected override RowQueryException? Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 1 } e when e.Message.Contains("too complex", StringComparison.OrdinalIgnoreCase)
                                                     || e.Message.Contains("too large", StringComparison.OrdinalIgnoreCase) =>
            new RowQueryException(RowQueryFailure.TooComplex, "SQLITE_ERROR", e),
        SqliteException { SqliteErrorCode: 18 } e => new RowQueryException(RowQueryFailure.TooComplex, "SQLITE_TOOBIG", e),
        SqliteException { SqliteErrorCode: 1 } e when e.Message.Contains("no such table", StringComparison.Ordinal) =>
            new RowQueryException(RowQueryFailure.TableMissing, "no such table", e),
        _ => null,
    };
}
