using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>Typed per-version row tables (one SQL table per dataset version).</summary>
public interface IRowStore
{
    /// <summary>Creates an empty table for a new version; rows are written through the returned sink.</summary>
    Task<IStagedTable> CreateStagingTableAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a new version's table that accumulates onto the published one (<see cref="RowAccumulation"/>): the
    /// rows written are numbered after the previous table's, and on completion the previous rows are carried over
    /// by key, in the same invisible load, so readers see the old table or the whole new one and never a mix.
    /// </summary>
    Task<IStagedTable> CreateAccumulatingTableAsync(string tableName, TableLayout layout, RowAccumulation accumulation,
        CancellationToken cancellationToken = default);

    /// <summary>Streams a table's rows in source order, values aligned with the schema's fields.</summary>
    IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default);

    /// <summary>Streams, in source order, the rows whose geometry intersects <paramref name="area"/> (edges included): the
    /// first geometry field's line, area or point when the table has one (see <see cref="TableSchemaSpatial.BoxedField"/>),
    /// otherwise the mapped position. Only for tables with either; rows without one are left out.</summary>
    IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, LonLatBox area, CancellationToken cancellationToken = default);

    Task DropTableAsync(string tableName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gathers the query planner's statistics for a published table. A load does not wait for them (on
    /// PostgreSQL they can only be gathered once every index is built, as their locks conflict), so the caller
    /// runs this right after publishing; until then queries are planned from the table's size and indexes.
    /// </summary>
    Task UpdateStatisticsAsync(string tableName, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>
/// How a new version accumulates onto the previous one instead of replacing it. Rows are identified by
/// <see cref="KeyColumns"/> (the specification's primary key, as row-table columns); a key the new load brings is
/// added, a key only the previous table has is kept, and a key both have is taken from the new load when
/// <see cref="UpdateExisting"/>, otherwise kept as it was. Both tables have the same layout.
/// </summary>
public sealed record RowAccumulation
{
    public RowAccumulation(string previousTable, IReadOnlyList<string> keyColumns, bool updateExisting)
    {
        ArgumentException.ThrowIfNullOrEmpty(previousTable);
        if (keyColumns.Count == 0) throw new ArgumentException("Accumulating rows needs a key.", nameof(keyColumns));
        PreviousTable = previousTable;
        KeyColumns = keyColumns;
        UpdateExisting = updateExisting;
    }

    public string PreviousTable { get; }
    public IReadOnlyList<string> KeyColumns { get; }
    public bool UpdateExisting { get; }
}

/// <summary>What an accumulating load did with the previous version's rows.</summary>
/// <param name="Carried">Previous rows kept in the new version.</param>
/// <param name="KeysMet">Keys of the new load that the previous version already had (updated, or left as they were).</param>
public readonly record struct AccumulationOutcome(long Carried, long KeysMet);

/// <summary>A table being loaded. Disposing it without <see cref="CompleteAsync"/> drops it.</summary>
public interface IStagedTable : IRowSink, IAsyncDisposable
{
    string TableName { get; }

    /// <summary>After completion of an accumulating load, what became of the previous rows; null otherwise.</summary>
    AccumulationOutcome? Accumulation => null;

    /// <summary>Flushes, builds indexes, and returns the row count.</summary>
    Task<long> CompleteAsync(CancellationToken cancellationToken = default);
}

/// <summary>A longitude/latitude rectangle in WGS 84 degrees, as an OGC <c>bbox</c> gives it.</summary>
public readonly record struct LonLatBox(double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude)
{
    /// <summary>Reads <c>minLon,minLat,maxLon,maxLat</c>; null with the reason when the text is not such a box.</summary>
    public static LonLatBox? TryParse(string? text, out string? problem)
    {
        problem = null;
        var parts = (text ?? "").Split(',');
        var numbers = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p.Trim(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i])).All(ok => ok))
        {
            problem = "bbox takes four numbers: minLon,minLat,maxLon,maxLat (WGS 84 degrees, e.g. bbox=11.8,57.6,12.2,57.8).";
            return null;
        }
        var box = new LonLatBox(numbers[0], numbers[1], numbers[2], numbers[3]);
        if (box.MinLongitude is < -180 or > 180 || box.MaxLongitude is < -180 or > 180 || box.MinLatitude is < -90 or > 90 || box.MaxLatitude is < -90 or > 90)
            problem = "bbox longitudes lie between -180 and 180 and latitudes between -90 and 90.";
        else if (box.MinLatitude > box.MaxLatitude)
            problem = "bbox gives the smaller latitude first: minLon,minLat,maxLon,maxLat.";
        else if (box.MinLongitude > box.MaxLongitude)
            problem = "bbox gives the smaller longitude first; a box across the antimeridian is asked as two boxes.";
        return problem is null ? box : null;
    }
}

/// <summary>Which geometry a <c>bbox</c> filters on.</summary>
public static class TableSchemaSpatial
{
    /// <summary>The first geometry field (lines and areas as well as points), or null when the table has none.</summary>
    public static Schemas.FieldDefinition? BoxedField(Schemas.TableSchema schema) =>
        schema.Fields.FirstOrDefault(f => f.Type == Schemas.FieldType.Geometry);

    /// <summary>True when a <c>bbox</c> applies: the table has a geometry field or a mapped position.</summary>
    public static bool HasGeometry(Schemas.TableSchema schema) => schema.Geometry is not null || BoxedField(schema) is not null;
}
