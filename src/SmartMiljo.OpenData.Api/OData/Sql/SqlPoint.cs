namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>SQL expressions giving a row's latitude and longitude, plus the PostGIS geography
/// column when the table has one.</summary>
public sealed record SqlPoint(string Latitude, string Longitude, string? GeographyColumn);

/// <summary>A polygon as rings of (longitude, latitude) pairs; the first ring is the outer boundary.</summary>
public sealed record SqlPolygon(IReadOnlyList<IReadOnlyList<(double Longitude, double Latitude)>> Rings)
{
    /// <summary>Compact text form passed as a parameter to the SQLite point-in-polygon function.</summary>
    public string ToParameterText() =>
        string.Join(';', Rings.Select(ring => string.Join(',', ring.Select(p =>
            FormattableString.Invariant($"{p.Longitude:R} {p.Latitude:R}")))));

    public string ToWkt() =>
        "POLYGON(" + string.Join(',', Rings.Select(ring => "(" + string.Join(',', ring.Select(p =>
            FormattableString.Invariant($"{p.Longitude:R} {p.Latitude:R}"))) + ")")) + ")";

    public (double MinLat, double MaxLat, double MinLon, double MaxLon) BoundingBox()
    {
        var outer = Rings[0];
        return (outer.Min(p => p.Latitude), outer.Max(p => p.Latitude), outer.Min(p => p.Longitude), outer.Max(p => p.Longitude));
    }
}
