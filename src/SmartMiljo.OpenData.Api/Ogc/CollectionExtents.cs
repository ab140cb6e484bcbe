using System.Collections.Concurrent;
using SmartMiljo.OpenData.Api.OData.Sql;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// The spatial extent of each collection, computed once per row table: a table is one dataset version and never
/// changes, so the MIN/MAX scan is paid once per version, not per request.
/// </summary>
public sealed class CollectionExtents
{
    private readonly ConcurrentDictionary<string, double[]?> _byTable = new(StringComparer.Ordinal);

    /// <summary>[minLon, minLat, maxLon, maxLat] of the valid positions, or null when there are none.</summary>
    public async Task<double[]?> GetAsync(FeatureCollection collection, RowQueryExecutor executor, CancellationToken cancellationToken)
    {
        if (_byTable.TryGetValue(collection.TableName, out var known)) return known;
        await using var lease = await executor.ExecuteReaderAsync(FeatureQuery.ExtentSql(collection, executor.Syntax), new SqlParameterList(), cancellationToken);
        double[]? extent = null;
        if (await executor.ReadAsync(lease) && !lease.Reader.IsDBNull(0))
            extent = [lease.Reader.GetDouble(0), lease.Reader.GetDouble(1), lease.Reader.GetDouble(2), lease.Reader.GetDouble(3)];
        if (_byTable.Count > 10_000) _byTable.Clear(); // old versions' tables are dropped; never grow without bound
        _byTable[collection.TableName] = extent;
        return extent;
    }
}
