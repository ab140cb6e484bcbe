using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Where a row's geometry comes from: the first <see cref="FieldType.Geometry"/> field (lines, areas, any kind),
/// else a point from the latitude/longitude fields named by <see cref="TableSchema.Geometry"/>, or else the first
/// <see cref="FieldType.GeoPoint"/> field.
/// </summary>
public sealed class RowGeometry
{
    private readonly int _latitudeIndex = -1;
    private readonly int _longitudeIndex = -1;
    private readonly int _geoPointIndex = -1;

    /// <summary>The geometry field the features take their geometry from, or -1 when rows carry points.</summary>
    public int ShapeIndex { get; private init; } = -1;

    private RowGeometry(int latitudeIndex, int longitudeIndex, int geoPointIndex)
    {
        _latitudeIndex = latitudeIndex;
        _longitudeIndex = longitudeIndex;
        _geoPointIndex = geoPointIndex;
    }

    /// <summary>The geometry source of a layout, or null when its rows carry no coordinates.</summary>
    public static RowGeometry? For(TableLayout layout)
    {
        var schema = layout.Schema;
        for (var i = 0; i < schema.Fields.Count; i++)
            if (schema.Fields[i].Type == FieldType.Geometry) return new RowGeometry(-1, -1, -1) { ShapeIndex = i };
        if (schema.Geometry is { } mapping)
        {
            var lat = schema.IndexOf(mapping.LatitudeField);
            var lon = schema.IndexOf(mapping.LongitudeField);
            if (lat >= 0 && lon >= 0) return new RowGeometry(lat, lon, -1);
        }
        for (var i = 0; i < schema.Fields.Count; i++)
            if (schema.Fields[i].Type == FieldType.GeoPoint) return new RowGeometry(-1, -1, i);
        return null;
    }

    /// <summary>The row's geometry when the features take it from a geometry field, as stored (vertices unchanged).</summary>
    public NetTopologySuite.Geometries.Geometry? ShapeOf(object?[] row) =>
        ShapeIndex >= 0 ? row[ShapeIndex] as NetTopologySuite.Geometries.Geometry : null;

    /// <summary>The row's point, or null when a coordinate is missing or not a finite WGS84 value (or the rows carry shapes).</summary>
    public GeoPoint? PointOf(object?[] row)
    {
        if (ShapeIndex >= 0) return null;
        GeoPoint point;
        if (_geoPointIndex >= 0)
        {
            if (row[_geoPointIndex] is not GeoPoint p) return null;
            point = p;
        }
        else
        {
            if (ToDouble(row[_latitudeIndex]) is not { } lat || ToDouble(row[_longitudeIndex]) is not { } lon) return null;
            point = new GeoPoint(lat, lon);
        }
        return IsValidWgs84(point) ? point : null;
    }

    private static bool IsValidWgs84(GeoPoint p) =>
        double.IsFinite(p.Latitude) && double.IsFinite(p.Longitude)
        && p.Latitude is >= -90 and <= 90 && p.Longitude is >= -180 and <= 180;

    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        decimal m => (double)m,
        _ => null,
    };
}
