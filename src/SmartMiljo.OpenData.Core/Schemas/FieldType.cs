namespace SmartMiljo.OpenData.Core.Schemas;

/// <summary>
/// Logical column types, following Frictionless Table Schema names. The CLR value a validated
/// cell carries is fixed per type (see <see cref="FieldTypeClr"/>), so every layer agrees.
/// </summary>
public enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,
    Date,
    DateTime,
    Time,
    Year,
    GeoPoint,

    /// <summary>Any WGS84 geometry (Point, LineString, Polygon, their Multi forms); Table Schema <c>geojson</c>.</summary>
    Geometry,

    /// <summary>An exact decimal number (money: <c>belopp</c>); Table Schema <c>number</c> with <c>"x-decimal": true</c>.
    /// Never a double, so sums do not drift (see <see cref="Tabular.ExactDecimal"/>).</summary>
    Decimal,
}

public static class FieldTypeClr
{
    /// <summary>The CLR type of a validated, non-null cell of the given type.</summary>
    public static Type Of(FieldType type) => type switch
    {
        FieldType.String => typeof(string),
        FieldType.Integer => typeof(long),
        FieldType.Number => typeof(double),
        FieldType.Boolean => typeof(bool),
        FieldType.Date => typeof(DateOnly),
        FieldType.DateTime => typeof(DateTimeOffset),
        FieldType.Time => typeof(TimeOnly),
        FieldType.Year => typeof(int),
        FieldType.GeoPoint => typeof(GeoPoint),
        FieldType.Geometry => typeof(NetTopologySuite.Geometries.Geometry),
        FieldType.Decimal => typeof(decimal),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string TableSchemaName(FieldType type) => type switch
    {
        FieldType.DateTime => "datetime",
        FieldType.GeoPoint => "geopoint",
        FieldType.Geometry => "geojson",
        FieldType.Decimal => "number", // marked exact by "x-decimal" (TableSchemaJson)
        _ => type.ToString().ToLowerInvariant(),
    };

    public static bool TryParseTableSchemaName(string name, out FieldType type)
    {
        switch (name.ToLowerInvariant())
        {
            case "string": type = FieldType.String; return true;
            case "integer": type = FieldType.Integer; return true;
            case "number": type = FieldType.Number; return true;
            case "boolean": type = FieldType.Boolean; return true;
            case "date": type = FieldType.Date; return true;
            case "datetime": type = FieldType.DateTime; return true;
            case "time": type = FieldType.Time; return true;
            case "year": type = FieldType.Year; return true;
            case "geopoint": type = FieldType.GeoPoint; return true;
            case "geojson" or "geometry": type = FieldType.Geometry; return true;
            default: type = FieldType.String; return false;
        }
    }
}

/// <summary>A WGS84 point in decimal degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);
