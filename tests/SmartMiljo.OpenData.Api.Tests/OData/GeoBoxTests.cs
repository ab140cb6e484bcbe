using SmartMiljo.OpenData.Api.OData.Sql;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>The boxes that let spatial filters use an index must hold every point the exact predicate accepts.</summary>
public sealed class GeoBoxTests
{
    private const double SmallestRadius = 6_335_439; // no ellipsoidal path is shorter per radian than this

    [Theory]
    [InlineData(57.7, 11.97, 1_000)]
    [InlineData(0, 0, 250_000)]
    [InlineData(66.5, 20.2, 40_000)]
    [InlineData(89.2, 30, 150_000)]   // the cap reaches over the pole
    [InlineData(-75, -60, 900_000)]
    [InlineData(10, 179.9, 30_000)]   // across the antimeridian
    [InlineData(-45, -179.99, 5_000)]
    [InlineData(35, 100, 4_000_000)]
    public void Every_point_within_the_distance_lies_in_the_box(double latitude, double longitude, double metres)
    {
        var box = GeoBox.Around(latitude, longitude, metres);
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            // Points on and just inside the circle of that radius on the smallest sphere, in every direction:
            // the farthest any point within the distance can lie in latitude and longitude.
            var bearing = random.NextDouble() * 2 * Math.PI;
            var fraction = i % 2 == 0 ? 1.0 : random.NextDouble();
            var (lat, lon) = Destination(latitude, longitude, bearing, metres * fraction / SmallestRadius);
            Assert.True(Contains(box, lat, lon), $"({lat}, {lon}) at bearing {bearing} is outside {box}");
        }
    }

    [Fact]
    public void The_box_is_tight_where_it_can_be_and_whole_where_it_must_wrap()
    {
        var gothenburg = GeoBox.Around(57.7, 11.97, 10_000);
        Assert.InRange(gothenburg.MaxLatitude - gothenburg.MinLatitude, 0.17, 0.19); // 2 × 10 km ≈ 0.18°
        Assert.InRange(gothenburg.MaxLongitude - gothenburg.MinLongitude, 0.33, 0.36); // wider by 1 / cos(57.7°)
        Assert.Equal((-180.0, 180.0), (GeoBox.Around(10, 179.9, 30_000).MinLongitude, GeoBox.Around(10, 179.9, 30_000).MaxLongitude));
        var polar = GeoBox.Around(89.5, 0, 100_000);
        Assert.Equal((90.0, -180.0, 180.0), (polar.MaxLatitude, polar.MinLongitude, polar.MaxLongitude));
        Assert.True(GeoBox.Around(0, 0, 15_000_000).CoversEverything);
        Assert.True(GeoBox.Around(0, 0, double.NaN).CoversEverything);
    }

    [Fact]
    public void A_great_circle_edge_bulging_past_its_corners_is_inside_the_polygon_box()
    {
        // The edge from (60°N, 60°W) to (60°N, 60°E) passes north of 73°N on the great circle.
        var box = GeoBox.OfGreatCircleRings([[(-60, 60), (60, 60), (0, 50), (-60, 60)]]);
        Assert.InRange(box.MaxLatitude, 73.89, 73.90);
        Assert.Equal(50, box.MinLatitude, 6);
        Assert.Equal((-60.0, 60.0), (Math.Round(box.MinLongitude, 6), Math.Round(box.MaxLongitude, 6)));
        // In the south the bulge is towards the south pole.
        Assert.InRange(GeoBox.OfGreatCircleRings([[(-60, -60), (0, -50), (60, -60), (-60, -60)]]).MinLatitude, -73.90, -73.89);
    }

    [Fact]
    public void Every_point_of_every_edge_lies_in_the_polygon_box()
    {
        var random = new Random(11);
        for (var polygon = 0; polygon < 300; polygon++)
        {
            var corners = Enumerable.Range(0, 3 + random.Next(5))
                .Select(_ => (Longitude: random.NextDouble() * 340 - 170, Latitude: random.NextDouble() * 170 - 85)).ToList();
            corners.Add(corners[0]);
            var box = GeoBox.OfGreatCircleRings([corners]);
            for (var e = 0; e + 1 < corners.Count; e++)
                for (var t = 0.0; t <= 1.0; t += 0.01)
                {
                    var (lat, lon) = AlongGreatCircle(corners[e], corners[e + 1], t);
                    Assert.True(Contains(box, lat, lon), $"({lat}, {lon}) on edge {corners[e]} → {corners[e + 1]} is outside {box}");
                }
        }
    }

    [Fact]
    public void A_ring_across_the_antimeridian_gets_every_longitude()
    {
        var box = GeoBox.OfGreatCircleRings([[(170, -10), (-170, -10), (-170, 10), (170, 10), (170, -10)]]);
        Assert.Equal((-180.0, 180.0), (box.MinLongitude, box.MaxLongitude));
    }

    private static bool Contains(GeoBox box, double lat, double lon) =>
        lat >= box.MinLatitude && lat <= box.MaxLatitude && lon >= box.MinLongitude && lon <= box.MaxLongitude;

    /// <summary>The point reached from (lat, lon) along a great circle with the given initial bearing and angle (radians).</summary>
    private static (double Lat, double Lon) Destination(double latitude, double longitude, double bearing, double angle)
    {
        var φ1 = latitude * Math.PI / 180;
        var λ1 = longitude * Math.PI / 180;
        var φ2 = Math.Asin(Math.Clamp(Math.Sin(φ1) * Math.Cos(angle) + Math.Cos(φ1) * Math.Sin(angle) * Math.Cos(bearing), -1, 1));
        var λ2 = λ1 + Math.Atan2(Math.Sin(bearing) * Math.Sin(angle) * Math.Cos(φ1), Math.Cos(angle) - Math.Sin(φ1) * Math.Sin(φ2));
        var lon = (λ2 * 180 / Math.PI + 540) % 360 - 180;
        return (φ2 * 180 / Math.PI, lon);
    }

    /// <summary>Spherical interpolation between two corners: the point a fraction t along the shorter arc.</summary>
    private static (double Lat, double Lon) AlongGreatCircle((double Longitude, double Latitude) a, (double Longitude, double Latitude) b, double t)
    {
        static (double X, double Y, double Z) Vector((double Longitude, double Latitude) p)
        {
            var φ = p.Latitude * Math.PI / 180;
            var λ = p.Longitude * Math.PI / 180;
            return (Math.Cos(φ) * Math.Cos(λ), Math.Cos(φ) * Math.Sin(λ), Math.Sin(φ));
        }
        var (p, q) = (Vector(a), Vector(b));
        var angle = Math.Acos(Math.Clamp(p.X * q.X + p.Y * q.Y + p.Z * q.Z, -1, 1));
        if (angle < 1e-12) return (a.Latitude, a.Longitude);
        var (s, u) = (Math.Sin((1 - t) * angle) / Math.Sin(angle), Math.Sin(t * angle) / Math.Sin(angle));
        var (x, y, z) = (s * p.X + u * q.X, s * p.Y + u * q.Y, s * p.Z + u * q.Z);
        return (Math.Asin(Math.Clamp(z, -1, 1)) * 180 / Math.PI, Math.Atan2(y, x) * 180 / Math.PI);
    }
}
