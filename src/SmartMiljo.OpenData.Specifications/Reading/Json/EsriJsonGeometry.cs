using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;

namespace SmartMiljo.OpenData.Specifications.Reading.Json;

/// <summary>An Esri JSON geometry this platform cannot read (curves, too many vertices); the message is for people, both languages.</summary>
public sealed class EsriGeometryException(string message) : Exception(message);

/// <summary>
/// ArcGIS REST's own geometry JSON (<c>f=json</c>): <c>{x,y}</c>, <c>{points}</c>, <c>{paths}</c> and <c>{rings}</c>, in the
/// answer's spatial reference, as a WGS84 geometry with every vertex in its order. Esri rings carry no nesting: an outer
/// ring runs clockwise and a hole counter-clockwise, so holes are given to the outer ring that contains them.
/// </summary>
public static class EsriJsonGeometry
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static Geometry? Read(JsonElement geometry, SourceCrs crs)
    {
        if (geometry.ValueKind != JsonValueKind.Object) return null;
        var vertices = 0;
        Geometry result;
        if (geometry.TryGetProperty("x", out var x))
        {
            result = x.ValueKind != JsonValueKind.Number || !geometry.TryGetProperty("y", out var y) || y.ValueKind != JsonValueKind.Number
                ? Factory.CreatePoint()
                : Factory.CreatePoint(new Coordinate(x.GetDouble(), y.GetDouble()));
        }
        else if (geometry.TryGetProperty("points", out var points))
            result = Factory.CreateMultiPoint(Positions(points, ref vertices).Select(p => Factory.CreatePoint(p)).ToArray());
        else if (geometry.TryGetProperty("paths", out var paths))
        {
            var lines = Parts(paths).Select(p => Factory.CreateLineString(Positions(p, ref vertices))).ToArray();
            result = lines.Length == 1 ? lines[0] : Factory.CreateMultiLineString(lines);
        }
        else if (geometry.TryGetProperty("rings", out var rings))
            result = Polygons(Parts(rings).Select(r => Positions(r, ref vertices)).ToList());
        else if (geometry.TryGetProperty("curveRings", out _) || geometry.TryGetProperty("curvePaths", out _))
            throw new EsriGeometryException("ArcGIS-geometrin har kurvor (curveRings/curvePaths), som inte stöds; be om f=geojson eller räta linjer. / " +
                                            "The ArcGIS geometry has curves (curveRings/curvePaths), which are not supported; ask for f=geojson or straight segments.");
        else return null;
        return crs.ToWgs84(result);
    }

    private static IEnumerable<JsonElement> Parts(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : throw Malformed();

    private static EsriGeometryException Malformed() =>
        new("ArcGIS-geometrin är inte välformad. / The ArcGIS geometry is malformed.");

    private static Coordinate[] Positions(JsonElement array, ref int vertices)
    {
        if (array.ValueKind != JsonValueKind.Array) throw Malformed();
        vertices += array.GetArrayLength();
        if (vertices > GeometryText.MaxVertices)
            throw new EsriGeometryException($"Geometrin har fler än {GeometryText.MaxVertices:N0} punkter. / The geometry has more than {GeometryText.MaxVertices:N0} vertices.");
        var result = new Coordinate[array.GetArrayLength()];
        var i = 0;
        foreach (var p in array.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2 || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
                throw Malformed();
            result[i++] = new Coordinate(p[0].GetDouble(), p[1].GetDouble());
        }
        return result;
    }

    private static Geometry Polygons(List<Coordinate[]> rings)
    {
        var shells = new List<(LinearRing Ring, Polygon Area, List<LinearRing> Holes)>();
        var holes = new List<LinearRing>();
        foreach (var positions in rings)
        {
            if (positions.Length == 0) continue;
            var closed = positions[0].Equals2D(positions[^1]) ? positions : [.. positions, positions[0].Copy()];
            if (closed.Length < 4) throw Malformed();
            var ring = Factory.CreateLinearRing(closed);
            // Esri's outer rings are clockwise; a ring that is not clockwise is a hole.
            if (Orientation.IsCCW(ring.CoordinateSequence)) holes.Add(ring);
            else shells.Add((ring, Factory.CreatePolygon(ring), []));
        }
        foreach (var hole in holes)
        {
            var owner = shells.FindIndex(s => s.Area.Covers(Factory.CreatePoint(hole.GetCoordinateN(0))) || s.Area.Contains(hole));
            // A counter-clockwise ring inside no outer ring is an area drawn the other way round, not a hole.
            if (owner < 0) shells.Add((hole, Factory.CreatePolygon(hole), []));
            else shells[owner].Holes.Add(hole);
        }
        var polygons = shells.Select(s => Factory.CreatePolygon(s.Ring, s.Holes.ToArray())).ToArray();
        return polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
    }
}
