namespace SmartMiljo.OpenData.Specifications.Geography;

/// <summary>Sweden's WGS84 bounding box (lat 55.3–69.1, lon 10.9–24.2) with a small margin for
/// islands and shore points. The two ranges do not overlap, which makes swapped coordinates
/// detectable.</summary>
public static class SwedenBounds
{
    public const double MinLatitude = 55.0, MaxLatitude = 69.4, MinLongitude = 10.5, MaxLongitude = 24.5;

    public static bool IsLatitude(double v) => v is >= MinLatitude and <= MaxLatitude;
    public static bool IsLongitude(double v) => v is >= MinLongitude and <= MaxLongitude;
    public static bool Contains(double latitude, double longitude) => IsLatitude(latitude) && IsLongitude(longitude);
}
