using System.Data.Common;
using System.Globalization;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// What every row table has, whatever the database: the source row number column first, then one column per
/// field (<see cref="TableLayout"/>), and the text forms of temporal values and positions. The two dialects
/// (<see cref="SqliteRowFormat"/>, <see cref="PostgresRowFormat"/>) add their types and encodings; together
/// these files are the only definition of the layout (a test keeps their literals out of the rest of src/).
/// </summary>
public abstract class RowTableFormat : IRowFormat
{
    public abstract SqlDialect Dialect { get; }
    /// <summary>Source row number (1-based, data rows only): a stable key for paging when the schema has no primary
    /// key. Starts with an underscore, which no field column does (<see cref="TableLayout.ToIdentifier"/>).</summary>
    public const string RowNumberColumnName = "_row";

    public string RowNumberColumn => RowNumberColumnName;

    /// <summary>A version's changes against the version before it (see <see cref="RowChanges"/>): its own table beside
    /// the version's, with the row number, the kind of change, the changed columns, then the new version's columns.</summary>
    public static string ChangesTableOf(string tableName) => tableName + "_changes";

    /// <summary>The changes table's kind of change: <c>added</c>, <c>removed</c> or <c>changed</c>.</summary>
    public const string ChangeColumnName = "_change";

    /// <summary>The changes table's comma-separated column names whose value changed (changed rows only).</summary>
    public const string ChangedColumnsColumnName = "_changed";

    /// <summary>True when two values of a column differ, NULL being a value like any other.</summary>
    public abstract string DistinctSql(string left, string right, FieldType type);

    /// <summary>One text standing for a row's values in the given columns (qualified by <paramref name="alias"/>), equal
    /// for two rows exactly when every value is: what rows without a key are matched on.</summary>
    public abstract string RowContentSql(string alias, IReadOnlyList<(string Column, FieldType Type)> columns);

    /// <summary>Settings for the comparison's transaction (it joins two whole tables), or null.</summary>
    public virtual string? ComparisonSettingsSql => null;
    public abstract string? GeographyColumn { get; }
    public abstract string? IndexedPosition { get; }
    public abstract string ColumnType(FieldType type);
    public abstract string? BoundingBoxTable(string tableName);
    public abstract object ToParameter(object? value);
    public abstract object? Read(DbDataReader reader, int ordinal, FieldType type);
    public abstract bool ReadBoolean(DbDataReader reader, int ordinal);
    public abstract string ReadText(DbDataReader reader, int ordinal, FieldType type);
    public abstract string DatePartSql(string part, string value, FieldType type);
    public abstract string DateOfSql(string dateTime);
    public abstract string TimeOfSql(string dateTime);
    public abstract string DateAsDateTimeSql(string date);
    public abstract (string Latitude, string Longitude) PointOfTextSql(string column);

    /// <summary>ISO date text.</summary>
    protected const string DateForm = "yyyy-MM-dd";

    /// <summary>Date-times in UTC with all seven fractional digits: fixed width, so text order is time order.</summary>
    protected const string DateTimeForm = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The date-time form's time of day at midnight, appended to a date to make its date-time.</summary>
    protected const string MidnightSuffix = "T00:00:00.0000000Z";

    private const string WholeSecondTimeForm = "HH:mm:ss";
    private const string FractionalTimeForm = "HH:mm:ss.fffffff";
    private static readonly string[] TimeForms = [WholeSecondTimeForm, FractionalTimeForm];

    public static string DateText(DateOnly value) => value.ToString(DateForm, CultureInfo.InvariantCulture);

    public static string DateTimeText(DateTimeOffset value) => value.UtcDateTime.ToString(DateTimeForm, CultureInfo.InvariantCulture);

    /// <summary>Whole seconds as "HH:mm:ss"; a fraction, when there is one, with all seven digits so text order
    /// stays time order.</summary>
    public static string TimeText(TimeOnly value) => value.Ticks % TimeSpan.TicksPerSecond == 0
        ? value.ToString(WholeSecondTimeForm, CultureInfo.InvariantCulture)
        : value.ToString(FractionalTimeForm, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, DateForm, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseDateTime(string text) => new(DateTime.ParseExact(text, DateTimeForm, CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static TimeOnly ParseTime(string text) => TimeOnly.ParseExact(text, TimeForms, CultureInfo.InvariantCulture);

    /// <summary>An exact decimal as text: its canonical form (<see cref="ExactDecimal.Text"/>), which SQLite stores.</summary>
    public static string DecimalText(decimal value) => ExactDecimal.Text(value);

    public static decimal ParseDecimal(string text) => ExactDecimal.Normalise(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>A geopoint as stored text: "lat,lon".</summary>
    public static string GeoPointText(GeoPoint point) => string.Create(CultureInfo.InvariantCulture, $"{point.Latitude},{point.Longitude}");

    /// <summary>A geometry as stored bytes on SQLite: ISO WKB (see <see cref="GeometryText.ToWkb"/>).</summary>
    public static byte[] GeometryWkb(NetTopologySuite.Geometries.Geometry geometry) => GeometryText.ToWkb(geometry);

    public static NetTopologySuite.Geometries.Geometry ParseGeometryWkb(byte[] wkb) => GeometryText.FromWkb(wkb);

    public static GeoPoint ParseGeoPoint(string text)
    {
        var comma = text.IndexOf(',');
        return new GeoPoint(double.Parse(text[..comma], CultureInfo.InvariantCulture),
            double.Parse(text[(comma + 1)..], CultureInfo.InvariantCulture));
    }
}
