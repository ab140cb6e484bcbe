using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// Each geometry cell must be a valid WGS84 geometry (<see cref="GeometryCheck"/>): a fault is an error on its row,
/// a repair (an unclosed ring closed when read) a warning. A geometry outside WGS84's range is not kept, since no
/// store or reader could place it; one that crosses itself is kept as given, so the publisher sees where it is wrong.
/// </summary>
internal sealed class GeometryValidityCheck
{
    private readonly RunContext _run;
    private readonly int[] _geometries;

    private GeometryValidityCheck(RunContext run, int[] geometries) => (_run, _geometries) = (run, geometries);

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
        foreach (var g in _geometries)
        {
            if (values[g] is not Geometry geometry) continue;
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
