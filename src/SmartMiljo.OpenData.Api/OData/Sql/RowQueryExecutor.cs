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
            lease.Reader = await Guard(() => lease.Command.ExecuteReaderAsync(lease.Token), lease);
            return lease;
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
        var result = await Guard(() => lease.Command.ExecuteScalarAsync(lease.Token), lease);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Advances the reader, mapping timeouts and database errors like execution does.</summary>
    public Task<bool> ReadAsync(RowReaderLease lease) => Guard(() => lease.Reader.ReadAsync(lease.Token), lease);

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
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            timeout.Dispose();
            throw;
        }
    }

    private async Task<T> Guard<T>(Func<Task<T>> action, RowReaderLease lease)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (lease.TimedOut && e is OperationCanceledException or DbException)
        {
            throw new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                $"The query did not finish within {options.QueryTimeout.TotalSeconds:0.#} s. Narrow it with $filter on key columns or ask for fewer rows.");
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": division by zero, numeric overflow and the like.
            throw ODataRequestException.BadRequest($"The query cannot be evaluated on this data (SQLSTATE {e.SqlState}, e.g. division by zero or overflow).");
        }
        catch (PostgresException e) when (e.SqlState == "57014")
        {
            throw new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                $"The query did not finish within {options.QueryTimeout.TotalSeconds:0.#} s.");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("too complex", StringComparison.OrdinalIgnoreCase)
                                        || e.SqliteErrorCode == 18 /* SQLITE_TOOBIG */)
        {
            throw ODataRequestException.BadRequest("The query is too complex for the database.");
        }
        catch (DbException e)
        {
            logger.LogError(e, "OData query failed: {Sql}", lease.Command.CommandText);
            throw new ODataRequestException(StatusCodes.Status500InternalServerError, "InternalError",
                "The query failed in the database. The error has been logged.");
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
