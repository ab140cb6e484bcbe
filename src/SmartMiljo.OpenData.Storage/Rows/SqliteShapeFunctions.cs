using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// geo.intersects, geo.distance and geo.length for geometry cells on SQLite (WKB), answering as PostGIS does on
/// <c>geography</c>: metres on the WGS84 ellipsoid (Vincenty's geodesic between the closest points). Intersection is
/// tested on longitude/latitude as a plane, which for the sizes of municipal features (edges of metres to a few
/// kilometres) is the great-circle answer; the tests hold both stores to PostGIS's own ST_Intersects/ST_Distance/ST_Length.
/// </summary>
public static class SqliteShapeFunctions
{
    public static void Register(SqliteConnection connection)
    {
        var literals = new QueryLiterals<Geometry>(Literal);
        connection.CreateFunction<byte[]?, string?, long?>("odata_shape_intersects",
            (wkb, wkt) => wkb is null || wkt is null ? null : GeometryText.FromWkb(wkb).Intersects(literals.Get(wkt)) ? 1 : 0, isDeterministic: true);
        connection.CreateFunction<byte[]?, string?, double?>("odata_shape_distance",
            (wkb, wkt) => wkb is null || wkt is null ? null : DistanceMetres(GeometryText.FromWkb(wkb), literals.Get(wkt)), isDeterministic: true);
        connection.CreateFunction<byte[]?, double?>("odata_shape_length",
            wkb => wkb is null ? null : LengthMetres(GeometryText.FromWkb(wkb)), isDeterministic: true);
    }

    private static Geometry Literal(string wkt) =>
        GeometryText.Parse(wkt) ?? throw new ArgumentException("Not a geometry literal.", nameof(wkt));

    /// <summary>The geodesic length of the lines (0 for points and areas, as ST_Length on geography).</summary>
    public static double LengthMetres(Geometry geometry)
    {
        double total = 0;
        for (var i = 0; i < geometry.NumGeometries; i++)
            if (geometry.GetGeometryN(i) is LineString line)
            {
                var c = line.Coordinates;
                for (var k = 1; k < c.Length; k++) total += Geodesic.DistanceMetres(c[k - 1].Y, c[k - 1].X, c[k].Y, c[k].X);
            }
        return total;
    }

    /// <summary>0 when they touch; else the geodesic between their closest points, found on a plane scaled to the
    /// literal's latitude so that a degree east and a degree north weigh what they do on the ground.</summary>
    public static double DistanceMetres(Geometry a, Geometry b)
    {
        if (a.Intersects(b)) return 0;
        var scale = Math.Cos(b.EnvelopeInternal.Centre.Y * Math.PI / 180);
        var scaledA = Scaled(a, scale);
        var scaledB = Scaled(b, scale);
        var nearest = DistanceOp.NearestPoints(scaledA, scaledB);
        return Geodesic.DistanceMetres(nearest[0].Y, nearest[0].X / scale, nearest[1].Y, nearest[1].X / scale);
    }

    private static Geometry Scaled(Geometry geometry, double scale)
    {
        var copy = geometry.Copy();
        copy.Apply(new ScaleX(scale));
        return copy;
    }

    private sealed class ScaleX(double scale) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq, int i) => seq.SetX(i, seq.GetX(i) * scale);
    }
}

/// <summary>Distances on the WGS84 ellipsoid by Vincenty's inverse formula (sub-millimetre for any pair of points
/// this platform holds; the antipodal cases where it does not converge fall back to the sphere).</summary>
public static class Geodesic
{
    private const double A = 6378137.0;
    private const double F = 1 / 298.257223563;
    private const double B = A * (1 - F);

    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180;
        var l = (lon2 - lon1) * rad;
        var u1 = Math.Atan((1 - F) * Math.Tan(lat1 * rad));
        var u2 = Math.Atan((1 - F) * Math.Tan(lat2 * rad));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);
        var lambda = l;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            var sinSigma = Math.Sqrt(Math.Pow(cosU2 * sinLambda, 2) + Math.Pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
            if (sinSigma == 0) return 0;
            var cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            var sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            var cos2Alpha = 1 - sinAlpha * sinAlpha;
            var cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
            var c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
            var previous = lambda;
            lambda = l + (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-12)
            {
                var uSquared = cos2Alpha * (A * A - B * B) / (B * B);
                var bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)));
                var bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)));
                var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return B * bigA * (sigma - deltaSigma);
            }
        }
        return SqliteFunctions.HaversineMetres(lat1, lon1, lat2, lon2);
    }
}
