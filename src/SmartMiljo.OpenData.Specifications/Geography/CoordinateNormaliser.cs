using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Geography;

public enum CoordinateOutcome { InSweden, Swapped, Converted, OutsideSweden, UnknownProjection }

/// <summary>
/// Makes a row's coordinates WGS84 inside Sweden: accepts them as they are, swaps latitude and
/// longitude when they were given the wrong way round, or converts SWEREF 99 / RT 90 values.
/// The projected system is fixed for the whole file once recognised (declared, or guessed from the
/// first projected point), so one odd row cannot switch it.
/// </summary>
public sealed class CoordinateNormaliser
{
    private CoordinateConverter? _converter;

    public CoordinateNormaliser(SwedishCrs? declared)
    {
        if (declared is not null) _converter = new CoordinateConverter(declared);
    }

    /// <summary>The projected system in use, once one has been met or declared.</summary>
    public SwedishCrs? Crs => _converter?.Crs;

    public CoordinateOutcome Normalise(ref double latitude, ref double longitude)
    {
        if (SwedenBounds.Contains(latitude, longitude)) return CoordinateOutcome.InSweden;
        if (SwedenBounds.Contains(longitude, latitude))
        {
            (latitude, longitude) = (longitude, latitude);
            return CoordinateOutcome.Swapped;
        }
        if (Math.Abs(latitude) <= 180 && Math.Abs(longitude) <= 180) return CoordinateOutcome.OutsideSweden;

        // Projected metres: the larger value is the northing whatever the column it came in.
        var northing = Math.Max(latitude, longitude);
        var easting = Math.Min(latitude, longitude);
        if (_converter is null)
        {
            if (SwedishCoordinateSystems.Guess(northing, easting) is not { } crs) return CoordinateOutcome.UnknownProjection;
            _converter = new CoordinateConverter(crs);
        }
        var (lat, lon) = _converter.ToWgs84(northing, easting);
        if (!SwedenBounds.Contains(lat, lon)) return CoordinateOutcome.OutsideSweden;
        latitude = lat;
        longitude = lon;
        return CoordinateOutcome.Converted;
    }

    public CoordinateOutcome Normalise(ref GeoPoint point)
    {
        var lat = point.Latitude;
        var lon = point.Longitude;
        var outcome = Normalise(ref lat, ref lon);
        point = new GeoPoint(lat, lon);
        return outcome;
    }
}
