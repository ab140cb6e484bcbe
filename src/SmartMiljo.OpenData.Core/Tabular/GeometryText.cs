using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite;
using NetTopologySuite.IO;

namespace SmartMiljo.OpenData.Core.Tabular;

/// <summary>
/// Geometry cells as text: a GeoJSON geometry object (RFC 7946, longitude before latitude) or WKT, read into
/// WGS84 geometries with every vertex kept as written, in its order; and written back the same ways.
/// Reading is bounded (<see cref="MaxVertices"/>, nesting fixed by the geometry type). A ring whose last vertex
/// does not repeat its first is closed, the one repair that cannot change what was meant, and the geometry is
/// marked <see cref="ClosedRingMark"/> so the validation says so.
/// </summary>
public static class GeometryText
{
    /// <summary>Vertices one cell may hold: a county boundary at survey detail is well under this.</summary>
    public const int MaxVertices = 1_000_000;

    /// <summary>Set as <see cref="Geometry.UserData"/> on a geometry one of whose rings was closed when read.</summary>
    public const string ClosedRingMark = "closed-ring";

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>A geometry from GeoJSON or WKT text, or null when the text is neither.</summary>
    public static Geometry? Parse(string text)
    {
        var span = text.AsSpan().TrimStart();
        if (span.IsEmpty) return null;
        try
        {
            if (span[0] == '{')
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
                return FromGeoJson(document.RootElement);
            }
            return FromWkt(text);
        }
        catch (Exception ex) when (ex is JsonException or ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A GeoJSON geometry object as a geometry, or null when it is not one.</summary>
    public static Geometry? FromGeoJson(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object) return null;
        if (!geometry.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String) return null;
        var type = typeElement.GetString();
        if (type == "GeometryCollection")
        {
            if (!geometry.TryGetProperty("geometries", out var parts) || parts.ValueKind != JsonValueKind.Array) return null;
            var members = new List<Geometry>();
            foreach (var part in parts.EnumerateArray())
                if (FromGeoJson(part) is { } member) members.Add(member);
                else return null;
            return Factory.CreateGeometryCollection(members.ToArray());
        }
        if (!geometry.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array) return null;
        var counter = new VertexCounter();
        var closed = false;
        Geometry? result = type switch
        {
            "Point" => c.GetArrayLength() == 0 ? Factory.CreatePoint() : Factory.CreatePoint(Position(c)),
            "LineString" => Factory.CreateLineString(Positions(c, counter)),
            "Polygon" => PolygonOf(c, counter, ref closed),
            "MultiPoint" => Factory.CreateMultiPoint(c.EnumerateArray().Select(p => Factory.CreatePoint(Position(p))).ToArray()),
            "MultiLineString" => Factory.CreateMultiLineString(c.EnumerateArray().Select(l => Factory.CreateLineString(Positions(l, counter))).ToArray()),
            "MultiPolygon" => MultiPolygonOf(c, counter, ref closed),
            _ => null,
        };
        if (result is not null && closed) result.UserData = ClosedRingMark;
        return result;
    }

    private static MultiPolygon MultiPolygonOf(JsonElement c, VertexCounter counter, ref bool closed)
    {
        var polygons = new Polygon[c.GetArrayLength()];
        var i = 0;
        foreach (var p in c.EnumerateArray()) polygons[i++] = PolygonOf(p, counter, ref closed);
        return Factory.CreateMultiPolygon(polygons);
    }

    private static Polygon PolygonOf(JsonElement rings, VertexCounter counter, ref bool closed)
    {
        if (rings.ValueKind != JsonValueKind.Array) throw new FormatException("A polygon is an array of rings.");
        if (rings.GetArrayLength() == 0) return Factory.CreatePolygon();
        var linear = new LinearRing[rings.GetArrayLength()];
        var i = 0;
        foreach (var ring in rings.EnumerateArray()) linear[i++] = Ring(Positions(ring, counter), ref closed);
        return Factory.CreatePolygon(linear[0], linear[1..]);
    }

    private static LinearRing Ring(Coordinate[] positions, ref bool closed)
    {
        if (positions.Length > 0 && !positions[0].Equals2D(positions[^1]))
        {
            positions = [.. positions, positions[0].Copy()];
            closed = true;
        }
        return Factory.CreateLinearRing(positions);
    }

    private sealed class VertexCounter
    {
        private int _count;

        public void Add(int n)
        {
            _count += n;
            if (_count > MaxVertices) throw new FormatException($"More than {MaxVertices} vertices.");
        }
    }

    private static Coordinate[] Positions(JsonElement array, VertexCounter counter)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException("Positions are an array.");
        counter.Add(array.GetArrayLength());
        var result = new Coordinate[array.GetArrayLength()];
        var i = 0;
        foreach (var p in array.EnumerateArray()) result[i++] = Position(p);
        return result;
    }

    private static Coordinate Position(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2 || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
            throw new FormatException("A position is [longitude, latitude].");
        return new Coordinate(p[0].GetDouble(), p[1].GetDouble());
    }

    private static Geometry FromWkt(string text)
    {
        if (text.Length > MaxVertices * 40) throw new FormatException("The WKT is too long.");
        // NTS refuses an unclosed ring; close it (the repair said so) and read again.
        var reader = new WKTReader(new NtsGeometryServices(PrecisionModel.Floating.Value, 4326)) { IsOldNtsCoordinateSyntaxAllowed = false };
        try
        {
            var geometry = reader.Read(text);
            geometry.SRID = 4326;
            return geometry;
        }
        catch (ArgumentException) when (CloseRings(text) is { } closedText && closedText != text)
        {
            var geometry = reader.Read(closedText);
            geometry.SRID = 4326;
            geometry.UserData = ClosedRingMark;
            return geometry;
        }
    }

    /// <summary>The WKT with each ring's first vertex repeated at its end where it is not already.</summary>
    private static string? CloseRings(string wkt)
    {
        var upper = wkt.TrimStart().ToUpperInvariant();
        if (!upper.StartsWith("POLYGON", StringComparison.Ordinal) && !upper.StartsWith("MULTIPOLYGON", StringComparison.Ordinal)) return null;
        var result = new StringBuilder(wkt.Length + 64);
        var i = 0;
        while (i < wkt.Length)
        {
            // A ring is the innermost parenthesised list: "(x y, x y, …)" with no '(' inside.
            var open = wkt.IndexOf('(', i);
            if (open < 0) { result.Append(wkt, i, wkt.Length - i); break; }
            var close = wkt.IndexOf(')', open);
            var nextOpen = wkt.IndexOf('(', open + 1);
            if (close < 0) return null;
            if (nextOpen >= 0 && nextOpen < close) { result.Append(wkt, i, open + 1 - i); i = open + 1; continue; }
            var ring = wkt.Substring(open + 1, close - open - 1);
            var vertices = ring.Split(',', StringSplitOptions.TrimEntries);
            result.Append(wkt, i, open + 1 - i).Append(ring);
            if (vertices.Length > 0 && vertices[0] != vertices[^1]) result.Append(", ").Append(vertices[0]);
            result.Append(')');
            i = close + 1;
        }
        return result.ToString();
    }

    /// <summary>ISO WKB (little-endian, two dimensions, no SRID), vertices as they are: the stored form on SQLite and
    /// GeoParquet's encoding.</summary>
    public static byte[] ToWkb(Geometry geometry) => WkbWriter.Value!.Write(geometry);

    public static Geometry FromWkb(byte[] wkb)
    {
        var geometry = WkbReader.Value!.Read(wkb);
        geometry.SRID = 4326;
        return geometry;
    }

    // NTS readers and writers keep buffers: one each per thread.
    private static readonly ThreadLocal<WKBWriter> WkbWriter =
        new(() => new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false));
    private static readonly ThreadLocal<WKBReader> WkbReader = new(() => new WKBReader());

    /// <summary>WKT with every coordinate in its shortest round-trip form ("R"), so reading it back gives the same doubles.</summary>
    public static string ToWkt(Geometry geometry)
    {
        var text = new StringBuilder();
        WriteWkt(text, geometry, tagged: true);
        return text.ToString();
    }

    private static void WriteWkt(StringBuilder text, Geometry geometry, bool tagged)
    {
        if (tagged) text.Append(geometry.GeometryType.ToUpperInvariant());
        if (geometry.IsEmpty) { text.Append(tagged ? " EMPTY" : "EMPTY"); return; }
        if (tagged) text.Append(' ');
        switch (geometry)
        {
            case Point p: text.Append('('); Vertex(text, p.Coordinate); text.Append(')'); break;
            case LineString l: Sequence(text, l.Coordinates); break;
            case Polygon polygon:
                text.Append('(');
                Sequence(text, polygon.ExteriorRing.Coordinates);
                foreach (var hole in polygon.InteriorRings) { text.Append(", "); Sequence(text, hole.Coordinates); }
                text.Append(')');
                break;
            case GeometryCollection collection:
                text.Append('(');
                var isCollection = geometry is not (MultiPoint or MultiLineString or MultiPolygon);
                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    if (i > 0) text.Append(", ");
                    var member = collection.GetGeometryN(i);
                    if (member is Point mp && !isCollection) { text.Append('('); Vertex(text, mp.Coordinate); text.Append(')'); }
                    else WriteWkt(text, member, tagged: isCollection);
                }
                text.Append(')');
                break;
        }
    }

    private static void Sequence(StringBuilder text, Coordinate[] coordinates)
    {
        text.Append('(');
        for (var i = 0; i < coordinates.Length; i++)
        {
            if (i > 0) text.Append(", ");
            Vertex(text, coordinates[i]);
        }
        text.Append(')');
    }

    private static void Vertex(StringBuilder text, Coordinate c) =>
        text.Append(c.X.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(c.Y.ToString("R", CultureInfo.InvariantCulture));

    private static readonly JsonEncodedText TypeProperty = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText CoordinatesProperty = JsonEncodedText.Encode("coordinates");
    private static readonly JsonEncodedText GeometriesProperty = JsonEncodedText.Encode("geometries");

    /// <summary>Writes the geometry as a GeoJSON geometry object (RFC 7946: longitude first, WGS 84), vertices as stored
    /// (with their height when they have one).</summary>
    public static void WriteGeoJson(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, geometry.GeometryType); // NTS names them as GeoJSON does: Point, LineString, MultiPolygon…
        if (geometry is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            writer.WriteStartArray(GeometriesProperty);
            for (var i = 0; i < geometry.NumGeometries; i++) WriteGeoJson(writer, geometry.GetGeometryN(i));
            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName(CoordinatesProperty);
            WriteCoordinates(writer, geometry);
        }
        writer.WriteEndObject();
    }

    /// <summary>A feature's geometry member: the GeoJSON geometry object, or JSON null when there is nothing to draw
    /// (no geometry, an empty one, or one with non-finite coordinates, which JSON cannot carry).</summary>
    public static void WriteGeoJsonOrNull(Utf8JsonWriter writer, Geometry? geometry)
    {
        if (geometry is null || geometry.IsEmpty || !AllFinite(geometry)) writer.WriteNullValue();
        else WriteGeoJson(writer, geometry);
    }

    private static bool AllFinite(Geometry geometry)
    {
        foreach (var c in geometry.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y)) return false;
        return true;
    }

    /// <summary>The GeoJSON text of a geometry.</summary>
    public static string ToGeoJson(Geometry geometry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteGeoJson(writer, geometry);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The GeoJSON <c>coordinates</c> value of a geometry other than a GeometryCollection.</summary>
    public static void WriteCoordinates(Utf8JsonWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case Point p:
                if (p.IsEmpty) { writer.WriteStartArray(); writer.WriteEndArray(); }
                else WritePosition(writer, p.Coordinate);
                break;
            case LineString l: WritePositions(writer, l.Coordinates); break;
            case Polygon polygon:
                writer.WriteStartArray();
                if (!polygon.IsEmpty)
                {
                    WritePositions(writer, polygon.ExteriorRing.Coordinates);
                    foreach (var hole in polygon.InteriorRings) WritePositions(writer, hole.Coordinates);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                for (var i = 0; i < geometry.NumGeometries; i++) WriteCoordinates(writer, geometry.GetGeometryN(i));
                writer.WriteEndArray();
                break;
        }
    }

    private static void WritePositions(Utf8JsonWriter writer, Coordinate[] coordinates)
    {
        writer.WriteStartArray();
        foreach (var c in coordinates) WritePosition(writer, c);
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate c)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(c.X);
        writer.WriteNumberValue(c.Y);
        if (double.IsFinite(c.Z)) writer.WriteNumberValue(c.Z);
        writer.WriteEndArray();
    }
}
