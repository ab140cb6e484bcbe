using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>
/// Runs generated SQL against the row database with the service's wall-clock limit, and answers its failures
/// as OData errors without the database's text, which could reveal table internals.
/// </summary>
public sealed class RowQueryExecutor(IRowDatabase database, ODataServiceOptions options, ILogger<RowQueryExecutor> logger)
{
    public SqlDialectSyntax Syntax { get; } = SqlDialectSyntax.For(database.Format);

    /// <summary>Opens a reader; the returned lease owns the query.</summary>
    public async Task<RowReaderLease> ExecuteReaderAsync(string sql, SqlParameterList parameters, CancellationToken requestAborted)
    {
        try
        {
            return new RowReaderLease(await database.QueryAsync(sql, parameters.Values, options.QueryTimeout, requestAborted));
        }
        catch (RowQueryException e)
        {
            throw Translate(e, sql);
        }
    }

    public async Task<long> ExecuteCountAsync(string sql, SqlParameterList parameters, CancellationToken requestAborted)
    {
        await using var lease = await ExecuteReaderAsync(sql, parameters, requestAborted);
        if (!await ReadAsync(lease)) return 0;
        return lease.Reader.GetInt64(0);
    }

    /// <summary>Advances the reader, mapping failures like execution does. Called per row, so it allocates
    /// nothing when the row is already at hand.</summary>
    public async ValueTask<bool> ReadAsync(RowReaderLease lease)
    {
        try
        {
            return await lease.Query.ReadAsync();
        }
        catch (RowQueryException e)
        {
            throw Translate(e, null);
        }
    }

    private ODataRequestException Translate(RowQueryException e, string? sql)
    {
        var limit = options.QueryTimeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        switch (e.Failure)
        {
            case RowQueryFailure.TimedOut when e.InnerException is not null && e.Detail.StartsWith("No database connection", StringComparison.Ordinal):
                return new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                    $"No database connection became free within {limit} s. Try again shortly.");
            case RowQueryFailure.TimedOut:
                return new ODataRequestException(StatusCodes.Status503ServiceUnavailable, "QueryTimeout",
                    $"The query did not finish within {limit} s. Narrow it with $filter on key columns or ask for fewer rows.");
            case RowQueryFailure.DataError:
                return ODataRequestException.BadRequest($"The query cannot be evaluated on this data ({e.Detail}, e.g. division by zero or overflow).");
            case RowQueryFailure.TooComplex:
                return ODataRequestException.BadRequest("The query is too complex for the database.");
            case RowQueryFailure.TableMissing:
                return ODataRequestException.TableGone();
            default:
                logger.LogError(e, "OData query failed: {Sql}", sql);
                return new ODataRequestException(StatusCodes.Status500InternalServerError, "InternalError",
                    "The query failed in the database. The error has been logged.");
        }
    }
}

/// <summary>A running query with its reader and time limit.</summary>
public sealed class RowReaderLease(IRowQuery query) : IAsyncDisposable
{
    public IRowQuery Query { get; } = query;
    public System.Data.Common.DbDataReader Reader => Query.Reader;

    public ValueTask DisposeAsync() => Query.DisposeAsync();
}
