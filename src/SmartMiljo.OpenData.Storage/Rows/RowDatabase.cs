using System.Data.Common;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// A database holding row tables. Runs the read side's queries (<see cref="IRowDatabase"/>) under their time
/// limit and turns the provider's failures into <see cref="RowQueryException"/>s; the row stores and tests in
/// Storage open connections directly.
/// </summary>
public abstract class RowDatabase : IRowDatabase
{
    public abstract SqlDialect Dialect { get; }
    public abstract IRowFormat Format { get; }

    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>Prepares a connection for the read side's SQL (SQLite registers its functions), and returns what
    /// ends a running statement when the time limit passes (SQLite ignores command timeouts once it runs).</summary>
    protected virtual IDisposable? Prepare(DbConnection connection, CancellationToken timeLimit) => null;

    /// <summary>The failure a provider's exception stands for, or null when it is not one this database knows.</summary>
    protected abstract RowQueryException? Classify(Exception exception);

    public async Task<IRowQuery> QueryAsync(string sql, IReadOnlyList<object?> parameters, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        DbConnection? connection = null;
        RowQuery? query = null;
        try
        {
            connection = await OpenConnectionAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DbException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // No connection within the limit (a busy pool): the same kind of answer as a slow query.
            if (connection is not null) await connection.DisposeAsync();
            timeout.Dispose();
            throw new RowQueryException(RowQueryFailure.TimedOut, "No database connection became free within the time limit.", e);
        }
        catch
        {
            timeout.Dispose();
            throw;
        }
        try
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeLimit.TotalSeconds));
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = parameters[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            query = new RowQuery(this, connection, command, timeout, Prepare(connection, timeout.Token));
            await query.ExecuteAsync();
            return query;
        }
        catch
        {
            if (query is not null) await query.DisposeAsync();
            else
            {
                await connection.DisposeAsync();
                timeout.Dispose();
            }
            throw;
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The failure for an exception of a running query: the time limit first, then what the database says.</summary>
    private RowQueryException? Failure(Exception e, bool timedOut) => e switch
    {
        RowQueryException known => known,
        OperationCanceledException or DbException when timedOut =>
            new RowQueryException(RowQueryFailure.TimedOut, "The query did not finish within the time limit.", e),
        _ => Classify(e) ?? (e is DbException ? new RowQueryException(RowQueryFailure.Failed, e.Message, e) : null),
    };

    private sealed class RowQuery(RowDatabase database, DbConnection connection, DbCommand command, CancellationTokenSource timeout, IDisposable? interrupt)
        : IRowQuery
    {
        private DbDataReader? _reader;

        public DbDataReader Reader => _reader ?? throw new InvalidOperationException("The query has not run.");

        private bool TimedOut => timeout.IsCancellationRequested;

        public async Task ExecuteAsync()
        {
            try
            {
                _reader = await command.ExecuteReaderAsync(timeout.Token);
            }
            catch (Exception e) when (database.Failure(e, TimedOut) is { } failure)
            {
                throw failure;
            }
        }

        /// <summary>Called per row, so it allocates nothing when the row is already at hand.</summary>
        public async ValueTask<bool> ReadAsync()
        {
            try
            {
                return await Reader.ReadAsync(timeout.Token);
            }
            catch (Exception e) when (database.Failure(e, TimedOut) is { } failure)
            {
                throw failure;
            }
        }

        public async ValueTask DisposeAsync()
        {
            interrupt?.Dispose();
            if (_reader is not null) await _reader.DisposeAsync();
            await command.DisposeAsync();
            await connection.DisposeAsync();
            timeout.Dispose();
        }
    }
}
