using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Geography;

/// <summary>What is wrong with a geometry cell, if anything.</summary>
public enum GeometryFault { None, RingClosed, OutOfRange, SelfIntersection, TooFewPoints, HoleOutside, Other }

/// <summary>The outcome of <see cref="GeometryCheck"/>: a fault (or none), where it is, and whether it was repaired.</summary>
public readonly record struct GeometryFinding(GeometryFault Fault, string? Where)
{
    public bool Repaired => Fault == GeometryFault.RingClosed;
    public bool Invalid => Fault is not (GeometryFault.None or GeometryFault.RingClosed);
}

/// <summary>
/// Checks a WGS84 geometry: coordinates within longitude ±180 and latitude ±90, and OGC validity (rings that do
/// not cross themselves, holes inside their shell, enough points). Only an unclosed ring is repaired (when read,
/// by <see cref="GeometryText"/>): closing it is the one repair with a single possible meaning. A self-intersection
/// could be mended in several ways that change the area, so it is reported, not guessed at.
/// </summary>
public static class GeometryCheck
{
    public static GeometryFinding Check(Geometry geometry)
    {
        foreach (var c in geometry.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90)
                return new GeometryFinding(GeometryFault.OutOfRange, Position(c));
        var validity = new IsValidOp(geometry).ValidationError;
        if (validity is not null)
        {
            var fault = validity.ErrorType switch
            {
                TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection
                    or TopologyValidationErrors.NestedShells or TopologyValidationErrors.DisconnectedInteriors => GeometryFault.SelfIntersection,
                TopologyValidationErrors.TooFewPoints => GeometryFault.TooFewPoints,
                TopologyValidationErrors.HoleOutsideShell or TopologyValidationErrors.NestedHoles => GeometryFault.HoleOutside,
                TopologyValidationErrors.RingNotClosed => GeometryFault.RingClosed,
                _ => GeometryFault.Other,
            };
            return new GeometryFinding(fault, validity.Coordinate is { } at ? Position(at) : null);
        }
        return ReferenceEquals(geometry.UserData, GeometryText.ClosedRingMark) || Equals(geometry.UserData, GeometryText.ClosedRingMark)
            ? new GeometryFinding(GeometryFault.RingClosed, null)
            : new GeometryFinding(GeometryFault.None, null);
    }

    /// <summary>A position as "longitude latitude", as in WKT.</summary>
    private static string Position(Coordinate c) => string.Create(CultureInfo.InvariantCulture, $"{c.X:R} {c.Y:R}");
}
