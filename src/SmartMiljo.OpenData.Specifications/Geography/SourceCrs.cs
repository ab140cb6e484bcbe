using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace SmartMiljo.OpenData.Specifications.Geography;

/// <summary>
/// The coordinate system a source's geometries come in (a WFS srsName, an ArcGIS wkid), and how its coordinate pairs
/// become WGS84 longitude, latitude. Known: WGS84 in either axis order, SWEREF 99 TM, the twelve local SWEREF 99 zones,
/// RT 90 2.5 gon V (ProjNET) and Web Mercator. Swedish projected pairs are read by value (the northing is the larger
/// number), so a server that writes easting first and one that follows the EPSG order (northing first) both come out right.
/// Not thread-safe: one instance per reading.
/// </summary>
public sealed class SourceCrs
{
    private readonly CoordinateConverter? _swedish;
    private readonly MathTransform? _transform;
    private readonly bool _latitudeFirst;

    private SourceCrs(string label, int epsg, bool latitudeFirst = false, CoordinateConverter? swedish = null, MathTransform? transform = null)
    {
        Label = label;
        Epsg = epsg;
        _latitudeFirst = latitudeFirst;
        _swedish = swedish;
        _transform = transform;
    }

    /// <summary>For people, e.g. "SWEREF 99 TM (EPSG:3006)".</summary>
    public string Label { get; }

    public int Epsg { get; }

    /// <summary>True when the coordinates are WGS84 already (only their order may change).</summary>
    public bool IsWgs84 => _swedish is null && _transform is null;

    /// <summary>True when the pairs are WGS84 longitude, latitude already: nothing to change.</summary>
    public bool IsLongitudeLatitude => IsWgs84 && !_latitudeFirst;

    /// <summary>WGS84 longitude, latitude: GeoJSON's order, CRS84 and the plain <c>EPSG:4326</c> of older WFS.</summary>
    public static SourceCrs Crs84() => new("WGS84 (CRS84)", 4326);

    /// <summary>The system a srsName or ArcGIS wkid names, or null when it is none this platform converts.</summary>
    public static SourceCrs? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var text = name.Trim();
        if (text.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase)) return Crs84();
        if (EpsgCode(text) is not { } epsg) return null;
        // The URN and http://www.opengis.net/def forms follow the EPSG axis order, which for 4326 is latitude first;
        // "EPSG:4326" and the old epsg.xml# form are read longitude first, as WFS 1.0 and GeoServer write them.
        var authorityOrder = text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)
                             || text.Contains("opengis.net/def/crs", StringComparison.OrdinalIgnoreCase);
        return FromEpsg(epsg, authorityOrder);
    }

    /// <summary>An ArcGIS spatial reference's wkid (or latestWkid).</summary>
    public static SourceCrs? FromWkid(int wkid) => FromEpsg(wkid is 102100 or 102113 ? 3857 : wkid, authorityOrder: false);

    private static SourceCrs? FromEpsg(int epsg, bool authorityOrder)
    {
        if (epsg == 4326) return authorityOrder ? new SourceCrs("WGS84 (EPSG:4326, latitude first)", 4326, latitudeFirst: true) : Crs84();
        if (epsg == 3857)
            return new SourceCrs("Web Mercator (EPSG:3857)", 3857, transform: new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(ProjectedCoordinateSystem.WebMercator, GeographicCoordinateSystem.WGS84).MathTransform);
        if (SwedishCoordinateSystems.FindByEpsg(epsg) is { } swedish)
            return new SourceCrs($"{swedish.Name} (EPSG:{epsg})", epsg, swedish: new CoordinateConverter(swedish));
        return null;
    }

    private static int? EpsgCode(string text)
    {
        // EPSG:3006, urn:ogc:def:crs:EPSG::3006, urn:ogc:def:crs:EPSG:6.9:3006, urn:x-ogc:def:crs:EPSG:3006,
        // http://www.opengis.net/def/crs/EPSG/0/3006, http://www.opengis.net/gml/srs/epsg.xml#3006, or a bare number.
        if (!text.Contains("EPSG", StringComparison.OrdinalIgnoreCase) && !text.All(char.IsAsciiDigit)) return null;
        var end = text.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1])) start--;
        if (start == end || end - start > 6) return null;
        return int.Parse(text.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    /// <summary>One pair, in the order the source wrote it, as WGS84 (X = longitude, Y = latitude).</summary>
    public Coordinate ToWgs84(double first, double second)
    {
        if (_swedish is not null)
        {
            var (lat, lon) = _swedish.ToWgs84(Math.Max(first, second), Math.Min(first, second));
            return new Coordinate(lon, lat);
        }
        if (_transform is not null)
        {
            var (x, y) = _transform.Transform(first, second);
            return new Coordinate(x, y);
        }
        return _latitudeFirst ? new Coordinate(second, first) : new Coordinate(first, second);
    }

    /// <summary>Rewrites every vertex of <paramref name="geometry"/> (read with X = first, Y = second value) into WGS84, in place.</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        if (IsLongitudeLatitude) return geometry;
        geometry.Apply(new Reproject(this));
        geometry.GeometryChanged();
        return geometry;
    }

    private sealed class Reproject(SourceCrs crs) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence sequence)
        {
            for (var i = 0; i < sequence.Count; i++)
            {
                var wgs84 = crs.ToWgs84(sequence.GetX(i), sequence.GetY(i));
                sequence.SetX(i, wgs84.X);
                sequence.SetY(i, wgs84.Y);
            }
        }
    }
}
