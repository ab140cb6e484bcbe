using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>
/// Runs generated SQL against the row database with a wall-clock limit. SQLite ignores command
/// timeouts for running statements, so the limit interrupts the connection; PostgreSQL gets a
/// statement timeout. Database errors are mapped to OData errors without their text, which could
/// reveal table internals.
/// </summary>
public sealed class RowQueryExecutor(IRowDatabase database, ODataServiceOptions options, ILogger<RowQueryExecutor> logger)
{
    public SqlDialectSyntax Syntax => SqlDialectSyntax.For(database.Dialect);

    /// <summary>Opens a reader; the returned lease owns connection, command and reader.</summary>
    public async Task<RowReaderLease> ExecuteReaderAsync(string sql, SqlParameterList parameters, CancellationToken requestAborted)
    {
        var lease = await StartAsync(sql, parameters, requestAborted);
        try
        {
            lease.Reader = await lease.Command.ExecuteReaderAsync(lease.Token);
            return lease;
        }
        catch (Exception e) when (Translate(e, lease) is { } error)
        {
            await lease.DisposeAsync();
            throw error;
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    public async Task<long> ExecuteCountAsync(string sql, SqlParameterList parameters, CancellationToken requestAborted)
    {
        await using var lease = await StartAsync(sql, parameters, requestAborted);
        try
        {
            var result = await lease.Command.ExecuteScalarAsync(lease.Token);
            return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (Translate(e, lease) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Advances the reader, mapping timeouts and database errors like execution does. Called per
    /// row, so it allocates nothing when the row is already at hand.</summary>
    public async ValueTask<bool> ReadAsync(RowReaderLease lease)
    {
        try
        {
            return await lease.Reader.ReadAsync(lease.Token);
        }
        catch (Exception e) when (Translate(e, lease) is { } error)
        {
            throw error;
        }
    }

    private async Task<RowReaderLease> StartAsync(string sql, SqlParameterList parameters, CancellationToken requestAborted)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.QueryTimeout);
        DbConnection? connection = null;
        try
        {
            connection = await database.OpenConnectionAsync(timeout.Token);
            if (connection is SqliteConnection sqlite) SqliteFunctions.Register(sqlite);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.QueryTimeout.TotalSeconds));
            parameters.BindTo(command);
            var lease = new RowReaderLease(connection, command, timeout);
            if (connection is SqliteConnection sqliteConnection)
                lease.Interrupt = timeout.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqliteConnection.Handle));
            return lease;
        }
        catch (Exception e) when (e is OperationCanceledException or DbException
                                  && timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            // No connection within the limit (a busy pool): the same answer as a slow query, not a 500.
            if (connection is not null) await connection.DisposeAsync();
            timeout.Dispose();
            throw new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                $"No database connection became free within {options.QueryTimeout.TotalSeconds:0.#} s. Try again shortly.");
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            timeout.Dispose();
            throw;
        }
    }

    /// <summary>The OData error for a failure of the query, or null for failures that are not the query's
    /// (they propagate unchanged).</summary>
    private ODataRequestException? Translate(Exception e, RowReaderLease lease)
    {
        switch (e)
        {
            case OperationCanceledException or DbException when lease.TimedOut:
                return new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                    $"The query did not finish within {options.QueryTimeout.TotalSeconds:0.#} s. Narrow it with $filter on key columns or ask for fewer rows.");
            case PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal):
                // Class 22 is "data exception": division by zero, numeric overflow and the like.
                return ODataRequestException.BadRequest($"The query cannot be evaluated on this data (SQLSTATE {pg.SqlState}, e.g. division by zero or overflow).");
            case PostgresException { SqlState: "42P01" }: // undefined_table: dropped by retention meanwhile
            case SqliteException { SqliteErrorCode: 1 } missing when missing.Message.Contains("no such table", StringComparison.Ordinal):
                return ODataRequestException.TableGone();
            case PostgresException { SqlState: "57014" }:
                return new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                    $"The query did not finish within {options.QueryTimeout.TotalSeconds:0.#} s.");
            case SqliteException sqlite when sqlite.SqliteErrorCode == 1 && sqlite.Message.Contains("too complex", StringComparison.OrdinalIgnoreCase)
                                             || sqlite.SqliteErrorCode == 18 /* SQLITE_TOOBIG */:
                return ODataRequestException.BadRequest("The query is too complex for the database.");
            case DbException:
                logger.LogError(e, "OData query failed: {Sql}", lease.Command.CommandText);
                return new ODataRequestException(StatusCodes.Status500InternalServerError, "InternalError",
                    "The query failed in the database. The error has been logged.");
            default:
                return null;
        }
    }
}

/// <summary>An open connection, command and reader with their time limit.</summary>
public sealed class RowReaderLease(DbConnection connection, DbCommand command, CancellationTokenSource timeout) : IAsyncDisposable
{
    public DbCommand Command { get; } = command;
    public DbDataReader Reader { get; internal set; } = null!;
    public CancellationToken Token => timeout.Token;
    internal CancellationTokenRegistration Interrupt { get; set; }

    /// <summary>True when the time limit (not the client) cancelled the query.</summary>
    public bool TimedOut => timeout.IsCancellationRequested;

    public async ValueTask DisposeAsync()
    {
        await Interrupt.DisposeAsync();
        if (Reader is not null) await Reader.DisposeAsync();
        await Command.DisposeAsync();
        await connection.DisposeAsync();
        timeout.Dispose();
    }
}
