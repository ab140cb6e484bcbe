using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// How typed values are stored in SQLite, which has no date, time or boolean types. Dates and times are
/// fixed-width ISO text so that text order is time order and comparisons in SQL stay correct.
/// </summary>
public static class SqliteValueCodec
{
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm:ss.fffffff"];

    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ColumnType(FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Boolean or FieldType.Year => "INTEGER",
        FieldType.Number => "REAL",
        _ => "TEXT",
    };

    public static object Encode(object? value) => value switch
    {
        null => DBNull.Value,
        string s => s,
        long l => l,
        int i => (long)i,
        double d => d,
        bool b => b ? 1L : 0L,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
        // Whole seconds as before; a fraction, when there is one, with all seven digits so text order stays time order
        // (the OData translator writes time literals the same way).
        TimeOnly t => t.Ticks % TimeSpan.TicksPerSecond == 0
            ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : t.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        GeoPoint p => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude},{p.Longitude}"),
        decimal m => (double)m,
        _ => throw new ArgumentException($"Cannot store a {value.GetType().Name}."),
    };

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
            FieldType.Date => DateOnly.ParseExact((string)stored, "yyyy-MM-dd", inv),
            FieldType.DateTime => new DateTimeOffset(DateTime.ParseExact((string)stored, DateTimeFormat, inv,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
            FieldType.Time => TimeOnly.ParseExact((string)stored, TimeFormats, inv),
            FieldType.GeoPoint => ParsePoint((string)stored),
            _ => stored,
        };
    }

    private static GeoPoint ParsePoint(string text)
    {
        var comma = text.IndexOf(',');
        return new GeoPoint(double.Parse(text[..comma], CultureInfo.InvariantCulture),
            double.Parse(text[(comma + 1)..], CultureInfo.InvariantCulture));
    }
}
