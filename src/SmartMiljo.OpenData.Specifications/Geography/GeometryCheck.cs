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

    /// <summary>(Swedish, English) message body and hint for a fault, for the validation report.</summary>
    public static (string Sv, string En, string HintSv, string HintEn) Describe(GeometryFinding finding)
    {
        var at = finding.Where is { } w ? $" (vid {w})" : "";
        var atEn = finding.Where is { } w2 ? $" (at {w2})" : "";
        return finding.Fault switch
        {
            GeometryFault.RingClosed => ("en ring i ytan var inte sluten; den har slutits genom att första punkten upprepats sist",
                "a ring of the area was not closed; it has been closed by repeating its first point at its end",
                "En ring ska sluta i samma punkt som den börjar. Rätta gärna i källan.",
                "A ring must end at the point it starts from. Please correct it in the source."),
            GeometryFault.OutOfRange => ($"har en koordinat utanför WGS84{at}",
                $"has a coordinate outside WGS84{atEn}",
                "Geometrier ska vara i WGS84 med longitud (−180–180) före latitud (−90–90). Värden i meter (t.ex. SWEREF 99 TM) måste räknas om.",
                "Geometries must be WGS84, longitude (−180–180) before latitude (−90–90). Values in metres (e.g. SWEREF 99 TM) must be converted."),
            GeometryFault.SelfIntersection => ($"korsar sig själv{at}",
                $"crosses itself{atEn}",
                "En ytas kant får inte korsa sig själv (som en åtta). Rita om ytan, eller dela den i två ytor (MultiPolygon).",
                "An area's edge must not cross itself (like a figure eight). Redraw the area, or split it into two (MultiPolygon)."),
            GeometryFault.TooFewPoints => ($"har för få punkter{at}",
                $"has too few points{atEn}",
                "En linje behöver minst två olika punkter och en ring minst fyra (den första upprepad sist).",
                "A line needs at least two distinct points and a ring at least four (the first repeated at the end)."),
            GeometryFault.HoleOutside => ($"har ett hål som ligger utanför ytan{at}",
                $"has a hole outside its area{atEn}",
                "Hål (inre ringar) ska ligga helt inne i ytans yttre ring.",
                "Holes (inner rings) must lie wholly inside the area's outer ring."),
            _ => ($"är inte en giltig geometri{at}", $"is not a valid geometry{atEn}",
                "Kontrollera geometrin i ett GIS-program (t.ex. QGIS: Kontrollera giltighet).",
                "Check the geometry in a GIS program (e.g. QGIS: Check validity)."),
        };
    }
}
