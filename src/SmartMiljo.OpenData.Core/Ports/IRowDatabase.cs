using System.Data.Common;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Core.Ports;

public enum SqlDialect { Sqlite, PostgreSql }

/// <summary>
/// The database holding the row tables, as the read side (OData) queries it: SQL over the row-table
/// <see cref="Format"/>, run under a time limit. No connection leaves it, so nothing outside Storage
/// knows which provider runs the query; failures arrive as <see cref="RowQueryException"/>.
/// </summary>
public interface IRowDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>How this database's row tables store values, and the SQL that depends on it.</summary>
    IRowFormat Format { get; }

    /// <summary>Runs a query and returns its open reader. <paramref name="parameters"/> bind to <c>@p0</c>,
    /// <c>@p1</c>, … and must already be in the format's stored form (<see cref="IRowFormat.ToParameter"/>).
    /// The time limit covers waiting for a connection, executing, and reading every row.</summary>
    Task<IRowQuery> QueryAsync(string sql, IReadOnlyList<object?> parameters, TimeSpan timeLimit, CancellationToken cancellationToken);

    /// <summary>Fails when the database does not answer (health checks).</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>An open query: its reader, advanced through <see cref="ReadAsync"/> so failures keep their meaning.</summary>
public interface IRowQuery : IAsyncDisposable
{
    /// <summary>The current row's columns, read with <see cref="IRowFormat"/>'s methods for stored values.</summary>
    DbDataReader Reader { get; }

    ValueTask<bool> ReadAsync();
}

/// <summary>Why a row query failed, in terms a caller can answer a client with.</summary>
public enum RowQueryFailure
{
    /// <summary>The time limit ended the query, or no connection became free within it.</summary>
    TimedOut,
    /// <summary>The data cannot be computed with as asked (division by zero, overflow); <see cref="RowQueryException.Detail"/> names it.</summary>
    DataError,
    /// <summary>The statement exceeds what the database accepts (expression depth, size).</summary>
    TooComplex,
    /// <summary>The row table does not exist (any more): its version was dropped meanwhile.</summary>
    TableMissing,
    /// <summary>Anything else; the caller logs it.</summary>
    Failed,
}

public sealed class RowQueryException(RowQueryFailure failure, string detail, Exception? inner = null)
    : Exception($"{failure}: {detail}", inner)
{
    public RowQueryFailure Failure { get; } = failure;

    /// <summary>What the database said, short (an SQLSTATE, or the provider's message for <see cref="RowQueryFailure.Failed"/>).</summary>
    public string Detail { get; } = detail;
}

/// <summary>
/// The row-table format of one database: system column names, column types, how values are bound and read
/// back, their text forms, and the SQL expressions that depend on how values are stored. Defined once per
/// database in Storage; the OData translation and writer use it instead of knowing the layout.
/// </summary>
public interface IRowFormat
{
    SqlDialect Dialect { get; }

    /// <summary>The unique source row number column every table has (the key when the schema has none).</summary>
    string RowNumberColumn { get; }

    /// <summary>The quoted geography column of tables whose schema maps a position, or null where positions are
    /// only the latitude/longitude columns.</summary>
    string? GeographyColumn { get; }

    /// <summary>The expression the spatial index is built on, for a box prefilter that reaches it; null where the
    /// latitude/longitude columns' index serves boxes directly.</summary>
    string? IndexedPosition { get; }

    string ColumnType(FieldType type);

    /// <summary>The table of bounding boxes (an SQLite R*Tree: id, minX, maxX, minY, maxY) of a row table's first
    /// geometry field, or null where the geometry column's own spatial index serves (PostgreSQL).</summary>
    string? BoundingBoxTable(string tableName);

    /// <summary>What a typed value (string, long, int, double, decimal, bool, DateOnly, DateTimeOffset, TimeOnly,
    /// GeoPoint) is stored and bound as; <see cref="DBNull"/> for null.</summary>
    object ToParameter(object? value);

    /// <summary>A stored value back as its typed value (null for SQL NULL).</summary>
    object? Read(DbDataReader reader, int ordinal, FieldType type);

    bool ReadBoolean(DbDataReader reader, int ordinal);

    /// <summary>A date, date-time or time as its ISO text (date-times in UTC with seven fractional digits, times
    /// with a fraction only when there is one); other values as their stored text.</summary>
    string ReadText(DbDataReader reader, int ordinal, FieldType type);

    /// <summary>SQL for year, month, day, hour, minute or second of a stored date, date-time (in UTC) or time.</summary>
    string DatePartSql(string part, string value, FieldType type);

    /// <summary>SQL for the date, or the time of day, of a stored date-time (in UTC).</summary>
    string DateOfSql(string dateTime);
    string TimeOfSql(string dateTime);

    /// <summary>SQL turning a stored date into the stored date-time of its midnight UTC.</summary>
    string DateAsDateTimeSql(string date);

    /// <summary>SQL for the latitude and longitude of a geopoint column (stored as text).</summary>
    (string Latitude, string Longitude) PointOfTextSql(string column);
}
