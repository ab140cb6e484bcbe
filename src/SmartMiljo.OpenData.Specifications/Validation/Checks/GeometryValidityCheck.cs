using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// Each geometry cell must be a valid WGS84 geometry (<see cref="GeometryCheck"/>): a fault is an error on its row,
/// a repair (an unclosed ring closed when read) a warning. A geometry outside WGS84's range is not kept, since no
/// store or reader could place it; one that crosses itself is kept as given, so the publisher sees where it is wrong.
/// A field whose specification names one kind (<c>"format": "polygon"</c>) takes only that kind: another is an error on
/// its row (OData declares the field as that kind, so the value could not be served as it is).
/// </summary>
internal sealed class GeometryValidityCheck
{
    private readonly RunContext _run;
    private readonly int[] _geometries;
    private readonly string?[] _kinds;

    private GeometryValidityCheck(RunContext run, int[] geometries)
    {
        (_run, _geometries) = (run, geometries);
        _kinds = geometries.Select(g => DeclaredKind(run.Fields[g].Field.Format)).ToArray();
    }

    /// <summary>The geometry type (as NTS and GeoJSON name it) a field's format declares, or null when any kind may come.</summary>
    public static string? DeclaredKind(string? format) => format?.ToLowerInvariant() switch
    {
        "point" => "Point",
        "linestring" => "LineString",
        "polygon" => "Polygon",
        "multipoint" => "MultiPoint",
        "multilinestring" => "MultiLineString",
        "multipolygon" => "MultiPolygon",
        _ => null,
    };

    /// <summary>The check for a schema with geometry fields, or null when it has none.</summary>
    public static GeometryValidityCheck? For(RunContext run)
    {
        var geometries = run.Fields.Where(c => c.Field.Type == FieldType.Geometry).Select(c => c.Index).ToArray();
        return geometries.Length > 0 ? new GeometryValidityCheck(run, geometries) : null;
    }

    /// <summary>Whether the check reads this field's value.</summary>
    public bool Reads(int field) => _geometries.Contains(field);

    public int Check(object?[] values, long row)
    {
        var errors = 0;
        for (var k = 0; k < _geometries.Length; k++)
        {
            var g = _geometries[k];
            if (values[g] is not Geometry geometry) continue;
            if (_kinds[k] is { } kind && geometry.GeometryType != kind)
            {
                _run.CellsInvalid++;
                errors++;
                _run.Issues.Report(new GeometryKindError(kind, geometry.GeometryType) { Row = row, Column = _run.Fields[g].Field.Name, ColumnNumber = g + 1 });
                continue;
            }
            var finding = GeometryCheck.Check(geometry);
            if (finding.Fault == GeometryFault.None) continue;
            geometry.UserData = null;
            var column = _run.Fields[g].Field.Name;
            if (finding.Repaired)
            {
                _run.Issues.Report(new GeometryRepairedError(finding, geometry.GeometryType) { Row = row, Column = column, ColumnNumber = g + 1 });
                continue;
            }
            _run.CellsInvalid++;
            errors++;
            if (finding.Fault == GeometryFault.OutOfRange) values[g] = null;
            _run.Issues.Report(new InvalidGeometryError(finding, geometry.GeometryType) { Row = row, Column = column, ColumnNumber = g + 1 });
        }
        return errors;
    }
}
