using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace SmartMiljo.OpenData.Specifications.Geography;

/// <summary>A projected Swedish coordinate system we convert from.</summary>
public sealed record SwedishCrs(int Epsg, string Name, string Wkt);

/// <summary>
/// The coordinate systems met in Swedish municipal data and their conversion to WGS84 with ProjNET:
/// SWEREF 99 TM (EPSG:3006), the twelve local SWEREF 99 zones (EPSG:3007–3018) and RT 90 2.5 gon V
/// (EPSG:3021, Bessel ellipsoid with the 7-parameter shift to WGS84).
/// </summary>
public static class SwedishCoordinateSystems
{
    private const string Grs80Geog = "GEOGCS[\"SWEREF99\",DATUM[\"SWEREF99\",SPHEROID[\"GRS 1980\",6378137,298.257222101],TOWGS84[0,0,0,0,0,0,0]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";
    private const string BesselGeog = "GEOGCS[\"RT90\",DATUM[\"Rikets_koordinatsystem_1990\",SPHEROID[\"Bessel 1841\",6377397.155,299.1528128],TOWGS84[414.1,41.3,603.1,-0.855,2.141,-7.023,0]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";

    public static readonly SwedishCrs SwerefTm = new(3006, "SWEREF 99 TM", Tm("SWEREF99 TM", Grs80Geog, 15, 0.9996, 500000));
    public static readonly SwedishCrs Rt90 = new(3021, "RT 90 2.5 gon V", Tm("RT90 2.5 gon V", BesselGeog, 15.808277777777778, 1, 1500000));

    /// <summary>Local zones: central meridian in degrees and minutes, scale 1, false easting 150 000.</summary>
    public static readonly IReadOnlyList<SwedishCrs> LocalZones =
    [
        Zone(3007, 12, 0), Zone(3008, 13, 30), Zone(3009, 15, 0), Zone(3010, 16, 30), Zone(3011, 18, 0), Zone(3012, 14, 15),
        Zone(3013, 15, 45), Zone(3014, 17, 15), Zone(3015, 18, 45), Zone(3016, 20, 15), Zone(3017, 21, 45), Zone(3018, 23, 15),
    ];

    public static IEnumerable<SwedishCrs> All => LocalZones.Prepend(Rt90).Prepend(SwerefTm);

    public static SwedishCrs? FindByEpsg(int epsg) => All.FirstOrDefault(c => c.Epsg == epsg);

    /// <summary>Recognises names such as "SWEREF 99 15 00", "sweref99tm", "EPSG:3006", "RT90".</summary>
    public static SwedishCrs? FindByName(string name)
    {
        var compact = new string(name.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        if (compact.StartsWith("EPSG") && int.TryParse(compact[4..], out var epsg)) return FindByEpsg(epsg);
        if (compact.StartsWith("URNOGCDEFCRSEPSG") && int.TryParse(compact["URNOGCDEFCRSEPSG".Length..], out epsg)) return FindByEpsg(epsg);
        if (compact is "SWEREF99TM" or "SWEREFTM") return SwerefTm;
        if (compact.StartsWith("RT90")) return Rt90;
        return All.FirstOrDefault(c => new string(c.Name.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant() == compact);
    }

    /// <summary>Guesses the system of a projected pair from its ranges: northing 6.1–7.7 million m
    /// in all; easting 1.2–1.9 million m is RT 90, 0.26–0.92 million m is SWEREF 99 TM. Local zones
    /// cannot be told apart by value and must be declared.</summary>
    public static SwedishCrs? Guess(double northing, double easting)
    {
        if (northing is < 6_050_000 or > 7_750_000) return null;
        if (easting is >= 1_150_000 and <= 1_950_000) return Rt90;
        if (easting is >= 250_000 and <= 930_000) return SwerefTm;
        return null;
    }

    private static SwedishCrs Zone(int epsg, int degrees, int minutes)
    {
        var name = $"SWEREF 99 {degrees:00} {minutes:00}";
        return new SwedishCrs(epsg, name, Tm(name, Grs80Geog, degrees + minutes / 60.0, 1, 150000));
    }

    private static string Tm(string name, string geog, double centralMeridian, double scale, double falseEasting) =>
        $"PROJCS[\"{name}\",{geog},PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
        $"PARAMETER[\"central_meridian\",{centralMeridian.ToString(System.Globalization.CultureInfo.InvariantCulture)}]," +
        $"PARAMETER[\"scale_factor\",{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}]," +
        $"PARAMETER[\"false_easting\",{falseEasting.ToString(System.Globalization.CultureInfo.InvariantCulture)}]," +
        "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH]]";
}

/// <summary>Converts northing/easting in one Swedish system to WGS84 latitude/longitude.</summary>
public sealed class CoordinateConverter
{
    private readonly MathTransform _transform;
    public SwedishCrs Crs { get; }

    public CoordinateConverter(SwedishCrs crs)
    {
        Crs = crs;
        var factory = new CoordinateSystemFactory();
        var source = factory.CreateFromWkt(crs.Wkt);
        _transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84).MathTransform;
    }

    public (double Latitude, double Longitude) ToWgs84(double northing, double easting)
    {
        var (lon, lat) = _transform.Transform(easting, northing);
        return (lat, lon);
    }
}
