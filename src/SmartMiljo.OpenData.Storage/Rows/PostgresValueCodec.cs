using System.Globalization;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>How typed values map onto PostgreSQL column types (the layout the OData SQL dialect reads).</summary>
public static class PostgresValueCodec
{
    public const string GeographyColumn = "_geom";

    public static string ColumnType(FieldType type) => type switch
    {
        FieldType.Integer => "bigint",
        FieldType.Number => "double precision",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "timestamptz",
        FieldType.Time => "time",
        FieldType.Year => "integer",
        _ => "text", // string, and geopoint as "lat,lon" text
    };

    public static NpgsqlDbType DbType(FieldType type) => type switch
    {
        FieldType.Integer => NpgsqlDbType.Bigint,
        FieldType.Number => NpgsqlDbType.Double,
        FieldType.Boolean => NpgsqlDbType.Boolean,
        FieldType.Date => NpgsqlDbType.Date,
        FieldType.DateTime => NpgsqlDbType.TimestampTz,
        FieldType.Time => NpgsqlDbType.Time,
        FieldType.Year => NpgsqlDbType.Integer,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>The value as the binary COPY writer wants it for <paramref name="type"/>.</summary>
    public static object Encode(object value, FieldType type) => value switch
    {
        DateTimeOffset t => t.ToUniversalTime(), // timestamptz only accepts UTC offsets
        GeoPoint p => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude},{p.Longitude}"),
        int i when type == FieldType.Integer => (long)i,
        long l when type == FieldType.Year => checked((int)l),
        decimal m => (double)m,
        _ => value,
    };

    public static object? Decode(NpgsqlDataReader reader, int ordinal, FieldType type)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return type switch
        {
            FieldType.Integer => reader.GetInt64(ordinal),
            FieldType.Number => reader.GetDouble(ordinal),
            FieldType.Boolean => reader.GetBoolean(ordinal),
            FieldType.Date => reader.GetFieldValue<DateOnly>(ordinal),
            FieldType.DateTime => reader.GetFieldValue<DateTimeOffset>(ordinal),
            FieldType.Time => reader.GetFieldValue<TimeOnly>(ordinal),
            FieldType.Year => reader.GetInt32(ordinal),
            FieldType.GeoPoint => ParsePoint(reader.GetString(ordinal)),
            _ => reader.GetString(ordinal),
        };
    }

    /// <summary>The row's position as a PostGIS geography point, or null when it has none or it is
    /// outside the valid range (validation reports those; the row is still served, just not mapped).</summary>
    public static Point? Geography(GeometryMapping mapping, TableLayout layout, object?[] values)
    {
        var latitude = Coordinate(values[layout.Schema.IndexOf(mapping.LatitudeField)], lat: true);
        var longitude = Coordinate(values[layout.Schema.IndexOf(mapping.LongitudeField)], lat: false);
        if (latitude is not { } lat || longitude is not { } lon) return null;
        if (double.IsNaN(lat) || double.IsNaN(lon) || lat is < -90 or > 90 || lon is < -180 or > 180) return null;
        return new Point(lon, lat) { SRID = 4326 };
    }

    private static double? Coordinate(object? value, bool lat) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        decimal m => (double)m,
        GeoPoint p => lat ? p.Latitude : p.Longitude,
        string s when double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static GeoPoint ParsePoint(string text)
    {
        var comma = text.IndexOf(',');
        return new GeoPoint(double.Parse(text[..comma], CultureInfo.InvariantCulture),
            double.Parse(text[(comma + 1)..], CultureInfo.InvariantCulture));
    }
}
