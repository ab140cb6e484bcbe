namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>
/// A latitude/longitude box holding every point a spatial predicate can accept. It is only ever a
/// prefilter that lets an index skip the rest of the table; the exact predicate is still applied, so the
/// box must never be too small, and where a tight box would need wrapping (across ±180° or over a pole)
/// it simply covers the whole range of longitudes.
/// </summary>
public readonly record struct GeoBox(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    public static readonly GeoBox Everything = new(-90, 90, -180, 180);

    /// <summary>The smallest radius of curvature of the WGS 84 ellipsoid (the meridian's, at the equator):
    /// no path on the ellipsoid is shorter than this radius times the angle it spans in geodetic coordinates,
    /// so a spherical cap of distance / this radius contains every point within that ellipsoidal distance.</summary>
    private const double SmallestRadiusMetres = 6_335_439;

    private const double Degrees = 180 / Math.PI;
    private const double Radians = Math.PI / 180;

    /// <summary>Slack for rounding in the trigonometry (degrees); far below any real position's precision.</summary>
    private const double Slack = 1e-9;

    public bool CoversEverything => MinLatitude <= -90 && MaxLatitude >= 90 && MinLongitude <= -180 && MaxLongitude >= 180;

    /// <summary>The box around every point within <paramref name="metres"/> of a position, on the ellipsoid or the sphere.</summary>
    public static GeoBox Around(double latitude, double longitude, double metres)
    {
        var angle = metres / SmallestRadiusMetres * 1.000001; // radians
        if (!(angle < Math.PI / 2) || !double.IsFinite(latitude) || !double.IsFinite(longitude)) return Everything;
        var latitudeSpan = angle * Degrees + Slack;
        var (minLatitude, maxLatitude) = (latitude - latitudeSpan, latitude + latitudeSpan);
        // A cap reaching a pole contains every longitude.
        if (minLatitude <= -90 || maxLatitude >= 90) return new GeoBox(Math.Max(-90, minLatitude), Math.Min(90, maxLatitude), -180, 180);
        // The widest a spherical cap gets in longitude: asin(sin(angle) / cos(latitude)).
        var sine = Math.Sin(angle) / Math.Cos(latitude * Radians);
        if (!(sine < 1)) return new GeoBox(minLatitude, maxLatitude, -180, 180);
        var longitudeSpan = Math.Asin(sine) * Degrees * 1.000001 + Slack;
        var (minLongitude, maxLongitude) = (longitude - longitudeSpan, longitude + longitudeSpan);
        return minLongitude < -180 || maxLongitude > 180
            ? new GeoBox(minLatitude, maxLatitude, -180, 180)
            : new GeoBox(minLatitude, maxLatitude, minLongitude, maxLongitude);
    }

    /// <summary>
    /// The box of a polygon whose edges are great-circle arcs (PostGIS geography): an arc can bulge towards a
    /// pole beyond both its ends, so each edge's highest and lowest latitude is included. Rings with an edge
    /// spanning 180° of longitude or more (across the antimeridian or around a pole) get every longitude.
    /// </summary>
    public static GeoBox OfGreatCircleRings(IReadOnlyList<IReadOnlyList<(double Longitude, double Latitude)>> rings)
    {
        double minLatitude = 90, maxLatitude = -90, minLongitude = 180, maxLongitude = -180;
        var wraps = false;
        foreach (var ring in rings)
            for (var i = 0; i < ring.Count; i++)
            {
                var a = ring[i];
                var b = ring[(i + 1) % ring.Count];
                if (!double.IsFinite(a.Latitude) || !double.IsFinite(a.Longitude)) return Everything;
                minLatitude = Math.Min(minLatitude, a.Latitude);
                maxLatitude = Math.Max(maxLatitude, a.Latitude);
                minLongitude = Math.Min(minLongitude, a.Longitude);
                maxLongitude = Math.Max(maxLongitude, a.Longitude);
                if (Math.Abs(a.Longitude - b.Longitude) >= 180) { wraps = true; continue; }
                var (low, high) = ArcLatitudeRange(a, b);
                minLatitude = Math.Min(minLatitude, low);
                maxLatitude = Math.Max(maxLatitude, high);
            }
        if (minLatitude > maxLatitude) return Everything;
        minLatitude = Math.Max(-90, minLatitude - Slack);
        maxLatitude = Math.Min(90, maxLatitude + Slack);
        return wraps || minLatitude <= -90 || maxLatitude >= 90
            ? new GeoBox(wraps ? -90 : minLatitude, wraps ? 90 : maxLatitude, -180, 180)
            : new GeoBox(minLatitude, maxLatitude, Math.Max(-180, minLongitude - Slack), Math.Min(180, maxLongitude + Slack));
    }

    /// <summary>The lowest and highest latitude on the shorter great-circle arc from <paramref name="a"/> to <paramref name="b"/>.</summary>
    private static (double Low, double High) ArcLatitudeRange((double Longitude, double Latitude) a, (double Longitude, double Latitude) b)
    {
        var low = Math.Min(a.Latitude, b.Latitude);
        var high = Math.Max(a.Latitude, b.Latitude);
        var p = UnitVector(a);
        var q = UnitVector(b);
        var normal = Cross(p, q);
        var length = Math.Sqrt(Dot(normal, normal));
        if (length < 1e-15) return (low, high); // the same point (or antipodes, which an edge cannot join)
        normal = (normal.X / length, normal.Y / length, normal.Z / length);
        // The circle's northernmost point: the pole direction with its component along the normal removed.
        var top = (X: -normal.Z * normal.X, Y: -normal.Z * normal.Y, Z: 1 - normal.Z * normal.Z);
        var topLength = Math.Sqrt(Dot(top, top));
        if (topLength < 1e-15) return (low, high); // the equator
        top = (top.X / topLength, top.Y / topLength, top.Z / topLength);
        var bottom = (X: -top.X, Y: -top.Y, Z: -top.Z);
        if (OnArc(p, q, normal, top)) high = Math.Max(high, Math.Asin(Math.Clamp(top.Z, -1, 1)) * Degrees);
        if (OnArc(p, q, normal, bottom)) low = Math.Min(low, Math.Asin(Math.Clamp(bottom.Z, -1, 1)) * Degrees);
        return (low, high);
    }

    /// <summary>True when <paramref name="v"/>, a point of the great circle through p and q, lies between them on the shorter arc.</summary>
    private static bool OnArc((double X, double Y, double Z) p, (double X, double Y, double Z) q, (double X, double Y, double Z) normal,
        (double X, double Y, double Z) v) =>
        Dot(Cross(p, v), normal) >= 0 && Dot(Cross(v, q), normal) >= 0;

    private static (double X, double Y, double Z) UnitVector((double Longitude, double Latitude) point)
    {
        var latitude = point.Latitude * Radians;
        var longitude = point.Longitude * Radians;
        return (Math.Cos(latitude) * Math.Cos(longitude), Math.Cos(latitude) * Math.Sin(longitude), Math.Sin(latitude));
    }

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}
