using System.Text.Json;
using NetTopologySuite.Geometries;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// Writes a NetTopologySuite geometry as a GeoJSON geometry object (RFC 7946: longitude first, WGS 84), of any
/// kind: points now, the lines and polygons of the row store as they come. Non-finite coordinates, which JSON
/// cannot carry, make the geometry null.
/// </summary>
public static class GeoJsonGeometryWriter
{
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Coordinates = JsonEncodedText.Encode("coordinates");
    private static readonly JsonEncodedText Geometries = JsonEncodedText.Encode("geometries");

    public static void Write(Utf8JsonWriter json, Geometry? geometry)
    {
        if (geometry is null || geometry.IsEmpty || !AllFinite(geometry)) { json.WriteNullValue(); return; }
        json.WriteStartObject();
        json.WriteString(Type, geometry.GeometryType); // NTS names them as GeoJSON does: Point, LineString, MultiPolygon…
        if (geometry is GeometryCollection collection && geometry is not (MultiPoint or MultiLineString or MultiPolygon))
        {
            json.WriteStartArray(Geometries);
            foreach (var part in collection.Geometries) Write(json, part);
            json.WriteEndArray();
        }
        else
        {
            json.WritePropertyName(Coordinates);
            WriteCoordinates(json, geometry);
        }
        json.WriteEndObject();
    }

    private static void WriteCoordinates(Utf8JsonWriter json, Geometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                WritePosition(json, point.Coordinate);
                break;
            case LineString line:
                WritePositions(json, line.Coordinates);
                break;
            case Polygon polygon:
                json.WriteStartArray();
                WritePositions(json, polygon.ExteriorRing.Coordinates);
                foreach (var hole in polygon.InteriorRings) WritePositions(json, hole.Coordinates);
                json.WriteEndArray();
                break;
            case GeometryCollection multi: // MultiPoint, MultiLineString, MultiPolygon
                json.WriteStartArray();
                foreach (var part in multi.Geometries) WriteCoordinates(json, part);
                json.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"No GeoJSON form for {geometry.GeometryType}.");
        }
    }

    private static void WritePositions(Utf8JsonWriter json, Coordinate[] coordinates)
    {
        json.WriteStartArray();
        foreach (var coordinate in coordinates) WritePosition(json, coordinate);
        json.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter json, Coordinate coordinate)
    {
        json.WriteStartArray();
        json.WriteNumberValue(coordinate.X);
        json.WriteNumberValue(coordinate.Y);
        if (!double.IsNaN(coordinate.Z)) json.WriteNumberValue(coordinate.Z);
        json.WriteEndArray();
    }

    private static bool AllFinite(Geometry geometry)
    {
        foreach (var c in geometry.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y)) return false;
        return true;
    }
}
