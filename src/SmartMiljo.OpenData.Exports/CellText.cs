using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Canonical, culture-independent text for typed cell values, as Frictionless Table Schema
/// readers expect them (so a CSV download validates against its own schema.json).
/// </summary>
public static class CellText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Text of a non-null value; <paramref name="field"/> decides the geopoint notation.</summary>
    public static string Format(object value, FieldDefinition field) => value switch
    {
        string s => s,
        long l => l.ToString(Invariant),
        int i => i.ToString(Invariant),
        double d => Number(d),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", Invariant),
        DateTimeOffset dto => DateTime(dto),
        DateTime dt => DateTime(new DateTimeOffset(System.DateTime.SpecifyKind(dt, DateTimeKind.Utc))),
        TimeOnly t => Time(t),
        GeoPoint p => GeoPoint(p, field.Format),
        NetTopologySuite.Geometries.Geometry g => GeometryText.ToWkt(g),
        decimal m => m.ToString(Invariant),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    /// <summary>Shortest text that parses back to the same double; Table Schema's NaN/INF/-INF otherwise.</summary>
    public static string Number(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "INF"
        : double.IsNegativeInfinity(d) ? "-INF"
        : d.ToString("R", Invariant);

    /// <summary>RFC 3339 keeping the value's own offset (a Swedish 10:00+02:00 stays as written); Z for UTC.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", Invariant);

    public static string Time(TimeOnly value) => value.ToString("HH:mm:ss.FFFFFFF", Invariant);

    /// <summary>Table Schema geopoint notations: default "lon, lat", "array" [lon, lat], "object" {"lon":..,"lat":..}.</summary>
    public static string GeoPoint(GeoPoint p, string? format) => format switch
    {
        "array" => $"[{Number(p.Longitude)}, {Number(p.Latitude)}]",
        "object" => $"{{\"lon\": {Number(p.Longitude)}, \"lat\": {Number(p.Latitude)}}}",
        _ => $"{Number(p.Longitude)}, {Number(p.Latitude)}",
    };
}
