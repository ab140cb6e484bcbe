using System.Data.Common;
using System.Globalization;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// How row tables store values in SQLite, which has no date, time or boolean types: integers, reals and
/// text; booleans as 0/1; dates, date-times and times as fixed-width ISO text (see <see cref="RowTableFormat"/>)
/// so that text order is time order and comparisons in SQL stay correct; geopoints as "lat,lon" text.
/// Exact decimals are their canonical text under the <see cref="DecimalCollation"/>: SQLite has no exact number
/// type beyond 64-bit integers, and scaled integers would need one scale per column, fixed before the first value
/// is seen, and a rescaled literal in every comparison. Text keeps every digit; the collation, registered on
/// every connection, makes <c>=</c>, <c>&lt;</c>, ORDER BY, GROUP BY, MIN/MAX and indexes compare them as numbers,
/// and the <c>odata_decimal_*</c> functions compute sums and arithmetic exactly (<see cref="SqliteFunctions"/>).
/// </summary>
public sealed class SqliteRowFormat : RowTableFormat
{
    public static readonly SqliteRowFormat Instance = new();

    private SqliteRowFormat() { }

    /// <summary>The collation of decimal columns: compares their texts as the numbers they hold.</summary>
    public const string DecimalCollation = "odata_decimal";

    public override SqlDialect Dialect => SqlDialect.Sqlite;
    public override string? GeographyColumn => null;
    public override string? IndexedPosition => null;

    public override string ColumnType(FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Boolean or FieldType.Year => "INTEGER",
        FieldType.Number => "REAL",
        FieldType.Geometry => "BLOB", // WKB (see RowTableFormat.GeometryWkb); boxes in the table's R*Tree
        FieldType.Decimal => "TEXT COLLATE " + DecimalCollation,
        _ => "TEXT",
    };

    /// <summary>Like <see cref="Encode"/>, passing through values the tables never hold (they only compare).</summary>
    public override object ToParameter(object? value) => value is null or string or long or int or double or bool or DateOnly
        or DateTimeOffset or TimeOnly or GeoPoint or decimal or NetTopologySuite.Geometries.Geometry ? Encode(value) : value;

    /// <summary>The stored form of a typed value (static: the load calls it for every cell).</summary>
    public static object Encode(object? value) => value switch
    {
        null => DBNull.Value,
        string s => s,
        long l => l,
        int i => (long)i,
        double d => d,
        bool b => b ? 1L : 0L,
        DateOnly d => DateText(d),
        DateTimeOffset t => DateTimeText(t),
        TimeOnly t => TimeText(t),
        GeoPoint p => GeoPointText(p),
        NetTopologySuite.Geometries.Geometry g => GeometryWkb(g),
        decimal m => DecimalText(m), // compared as a number by the column's collation
        _ => throw new ArgumentException($"Cannot store a {value.GetType().Name}."),
    };

    public override object? Read(DbDataReader reader, int ordinal, FieldType type) => Decode(reader.GetValue(ordinal), type);

    /// <summary>A stored value (as the reader returns it) back as its typed value.</summary>
    public static object? Decode(object? stored, FieldType type)
    {
        if (stored is null or DBNull) return null;
        var inv = CultureInfo.InvariantCulture;
        return type switch
        {
            FieldType.String => Convert.ToString(stored, inv),
            FieldType.Integer => Convert.ToInt64(stored, inv),
            FieldType.Number => Convert.ToDouble(stored, inv),
            FieldType.Boolean => Convert.ToInt64(stored, inv) != 0,
            FieldType.Year => Convert.ToInt32(stored, inv),
            FieldType.Date => ParseDate((string)stored),
            FieldType.DateTime => ParseDateTime((string)stored),
            FieldType.Time => ParseTime((string)stored),
            FieldType.GeoPoint => ParseGeoPoint((string)stored),
            FieldType.Geometry => ParseGeometryWkb((byte[])stored),
            FieldType.Decimal => ParseDecimal(Convert.ToString(stored, inv)!),
            _ => stored,
        };
    }

    /// <summary>SQLite's IS NOT compares blobs (geometries as WKB) byte for byte, as everything else, with NULL a value.</summary>
    public override string DistinctSql(string left, string right, FieldType type) => $"({left} IS NOT {right})";

    /// <summary>quote() gives each value's SQL literal (text quoted, blobs in hex, NULL as NULL), so two rows' texts are
    /// equal only when their values are; reals with 17 digits, which tell every two doubles apart.</summary>
    public override string RowContentSql(string alias, IReadOnlyList<(string Column, FieldType Type)> columns) =>
        string.Join(" || ',' || ", columns.Select(c => c.Type == FieldType.Number
            ? $"CASE WHEN {alias}.{SqlIdentifiers.Quote(c.Column)} IS NULL THEN 'NULL' ELSE printf('%.17g', {alias}.{SqlIdentifiers.Quote(c.Column)}) END"
            : $"quote({alias}.{SqlIdentifiers.Quote(c.Column)})"));

    public override bool ReadBoolean(DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    /// <summary>Temporal values and decimals are stored in their text forms already.</summary>
    public override string ReadText(DbDataReader reader, int ordinal, FieldType type) => reader.GetString(ordinal);

    public override string DatePartSql(string part, string value, FieldType type)
    {
        // Dates, UTC date-times and times are fixed-width text, so each part sits at a fixed offset.
        var (start, length) = (part, type) switch
        {
            ("year", _) => (1, 4),
            ("month", _) => (6, 2),
            ("day", _) => (9, 2),
            ("hour", FieldType.Time) => (1, 2),
            ("minute", FieldType.Time) => (4, 2),
            ("second", FieldType.Time) => (7, 2),
            ("hour", _) => (12, 2),
            ("minute", _) => (15, 2),
            ("second", _) => (18, 2),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
        };
        return $"CAST(substr({value}, {start}, {length}) AS INTEGER)";
    }

    public override string DateOfSql(string dateTime) => $"substr({dateTime}, 1, 10)";
    public override string TimeOfSql(string dateTime) => $"substr({dateTime}, 12, 8)";
    public override string DateAsDateTimeSql(string date) => $"({date} || '{MidnightSuffix}')";

    /// <summary>The R*Tree of a row table's bounding boxes (id = <c>_row</c>, minX, maxX, minY, maxY in degrees) of its
    /// first geometry field: the prefilter of spatial queries, which SQLite answers without reading the table.</summary>
    public override string BoundingBoxTable(string tableName) => BoxTableOf(tableName);

    public static string BoxTableOf(string tableName) => tableName + "_bbox";

    /// <summary>The first geometry field's ordinal, whose boxes the R*Tree holds; -1 when there is none.</summary>
    public static int BoxedGeometryField(TableSchema schema) =>
        TableSchemaSpatial.BoxedField(schema) is { } field ? IndexOf(schema, field) : -1;

    private static int IndexOf(TableSchema schema, FieldDefinition field)
    {
        for (var i = 0; i < schema.Fields.Count; i++)
            if (ReferenceEquals(schema.Fields[i], field)) return i;
        return -1;
    }

    public override (string Latitude, string Longitude) PointOfTextSql(string column) => (
        $"CAST(substr({column}, 1, instr({column}, ',') - 1) AS REAL)",
        $"CAST(substr({column}, instr({column}, ',') + 1) AS REAL)");
}
