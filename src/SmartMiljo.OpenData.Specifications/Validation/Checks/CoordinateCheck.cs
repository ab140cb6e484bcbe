using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Validation.Errors;
using static System.FormattableString;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// The row's point (latitude and longitude fields, or geopoint fields) must lie in Sweden.
/// Points in a Swedish projection are converted to WGS84 and points given the wrong way round are
/// turned (both counted, for a fact and a note); a point outside Sweden is an error.
/// </summary>
internal sealed class CoordinateCheck
{
    private readonly RunContext _run;
    private readonly CoordinateNormaliser _coordinates;
    private readonly int _latitude = -1, _longitude = -1;
    private readonly int[] _geoPoints;
    private long _converted, _swapped;

    private CoordinateCheck(RunContext run, SwedishCrs? declaredCrs, int latitude, int longitude, int[] geoPoints)
    {
        _run = run;
        _coordinates = new CoordinateNormaliser(declaredCrs);
        (_latitude, _longitude, _geoPoints) = (latitude, longitude, geoPoints);
    }

    /// <summary>The check for a schema with a point, or null when it has none.</summary>
    public static CoordinateCheck? For(RunContext run, SwedishCrs? declaredCrs)
    {
        var schema = run.Schema;
        var (latitude, longitude) = schema.Geometry is { } g ? (schema.IndexOf(g.LatitudeField), schema.IndexOf(g.LongitudeField)) : (-1, -1);
        var geoPoints = run.Fields.Where(c => c.Field.Type == FieldType.GeoPoint).Select(c => c.Index).ToArray();
        return latitude >= 0 || geoPoints.Length > 0 ? new CoordinateCheck(run, declaredCrs, latitude, longitude, geoPoints) : null;
    }

    /// <summary>Whether the check reads this field's value.</summary>
    public bool Reads(int field) => field == _latitude || field == _longitude || _geoPoints.Contains(field);

    public int Check(object?[] values, long row)
    {
        var errors = 0;
        if (_latitude >= 0 && values[_latitude] is double lat && values[_longitude] is double lon)
        {
            var (originalLat, originalLon) = (lat, lon);
            var outcome = _coordinates.Normalise(ref lat, ref lon);
            // In Sweden as given: nothing to write back, and no text to format for a message.
            if (outcome != CoordinateOutcome.InSweden)
            {
                errors += Outcome(outcome, row, _run.Fields[_latitude], Invariant($"{originalLat}, {originalLon}"));
                values[_latitude] = lat;
                values[_longitude] = lon;
            }
        }
        foreach (var g in _geoPoints)
        {
            if (values[g] is not GeoPoint point) continue;
            var original = point;
            var outcome = _coordinates.Normalise(ref point);
            errors += Outcome(outcome, row, _run.Fields[g], Invariant($"{original.Latitude}, {original.Longitude}"));
            values[g] = point;
        }
        return errors;
    }

    private int Outcome(CoordinateOutcome outcome, long row, FieldCheck check, string value)
    {
        switch (outcome)
        {
            case CoordinateOutcome.Converted: _converted++; return 0;
            case CoordinateOutcome.Swapped:
                _swapped++;
                _run.Issues.Report(new CoordinatesSwappedError(value) { Row = row, Column = check.Field.Name });
                return 0;
            case CoordinateOutcome.OutsideSweden:
            case CoordinateOutcome.UnknownProjection:
                _run.CellsInvalid++;
                _run.Issues.Report(new CoordinatesOutsideSwedenError(value, outcome == CoordinateOutcome.UnknownProjection)
                {
                    Row = row, Column = check.Field.Name,
                });
                return 1;
            default: return 0;
        }
    }

    /// <summary>The facts (coordinate system, points turned) and the note on converted points.</summary>
    public void Finish(Dictionary<string, string> facts)
    {
        if (_converted > 0 && _coordinates.Crs is { } crs)
        {
            facts["coordinateSystem"] = Invariant($"{crs.Name} (EPSG:{crs.Epsg})");
            _run.Issues.Report(new CoordinatesConvertedError(_converted, crs.Name, crs.Epsg)
            {
                Column = _latitude >= 0 ? _run.Schema.Fields[_latitude].Name : null,
            });
        }
        else facts["coordinateSystem"] = "WGS84 (EPSG:4326)";
        if (_swapped > 0) facts["coordinatesSwapped"] = _swapped.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
