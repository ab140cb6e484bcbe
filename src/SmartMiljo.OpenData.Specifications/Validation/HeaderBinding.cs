using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// Matches the file's header to the schema's fields: exactly, then ignoring case and punctuation
/// (<c>Place ID</c> → <c>place_id</c>), then through the field's older names (<c>hov_ref</c> →
/// <c>nutskod</c>, <c>wc</c> → <c>toilet</c>). Reports blank, duplicate, extra and missing columns
/// with "did you mean" suggestions.
/// </summary>
internal sealed class HeaderBinding
{
    /// <summary>For each schema field, the column index in the file, or -1.</summary>
    public int[] FieldColumns { get; }

    /// <summary>Columns up to the last non-blank label; cells beyond it should be empty.</summary>
    public int NamedWidth { get; }

    /// <summary>File column → field, for columns read under another name.</summary>
    public Dictionary<string, string> Renamed { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Header { get; }

    /// <summary>Required fields that have no column: the file cannot be published.</summary>
    public bool MissingRequired { get; private set; }

    private HeaderBinding(IReadOnlyList<string> header, int fieldCount)
    {
        Header = header;
        FieldColumns = Enumerable.Repeat(-1, fieldCount).ToArray();
        var width = header.Count;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1])) width--;
        NamedWidth = width;
    }

    /// <param name="pairByValues">Columns whose values were recognised as a projected position (see
    /// <see cref="CoordinateValuePair"/>), bound when no column names say where the position is.</param>
    public static HeaderBinding Bind(IReadOnlyList<string> header, TableSchema schema, IssueCollector issues, CoordinateValuePair? pairByValues = null)
    {
        var binding = new HeaderBinding(header, schema.Fields.Count);
        var columnTaken = new bool[header.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var c = 0; c < header.Count; c++)
        {
            var label = header[c];
            if (string.IsNullOrWhiteSpace(label))
            {
                columnTaken[c] = true;
                // Trailing blank labels are a common export artefact; cells under them are checked per row.
                issues.Report(new BlankLabelError(c + 1, Trailing: c >= binding.NamedWidth) { ColumnNumber = c + 1 });
                continue;
            }
            if (seen.TryGetValue(label, out var first))
            {
                columnTaken[c] = true;
                issues.Report(new DuplicateLabelError(label, first + 1, c + 1) { Column = label, ColumnNumber = c + 1 });
                continue;
            }
            seen[label] = c;
        }

        // Three passes, strictest first, so an exact match is never stolen by a looser one.
        BindPass(binding, schema, columnTaken, (label, field) => string.Equals(label, field.Name, StringComparison.Ordinal), null);
        BindPass(binding, schema, columnTaken, (label, field) => TableLayout.ToIdentifier(label) == TableLayout.ToIdentifier(field.Name), false);
        BindPass(binding, schema, columnTaken, (label, field) => field.Aliases.Any(a => TableLayout.ToIdentifier(a) == TableLayout.ToIdentifier(label)), true);

        BindCoordinatePair(binding, schema, columnTaken, pairByValues);
        for (var c = 0; c < header.Count; c++)
            if (!columnTaken[c]) binding.UntakenColumns.Add(c);

        foreach (var (label, fieldName) in binding.Renamed)
        {
            var field = schema.Find(fieldName)!;
            if (pairByValues is not null && binding.CoordinateColumns.Contains(label) && (label == header[pairByValues.North] || label == header[pairByValues.East]))
            {
                issues.Report(new CoordinateValuesLabelError(label, fieldName, label == header[pairByValues.North], pairByValues.Crs.Name, pairByValues.Crs.Epsg)
                {
                    Column = label, ColumnNumber = binding.FieldColumns[schema.IndexOf(field.Name)] + 1,
                });
                continue;
            }
            if (binding.CoordinateColumns.Contains(label))
            {
                issues.Report(new CoordinateColumnLabelError(label, fieldName, NorthingFirst(label))
                {
                    Column = label, ColumnNumber = binding.FieldColumns[schema.IndexOf(field.Name)] + 1,
                });
                continue;
            }
            var isAlias = TableLayout.ToIdentifier(label) != TableLayout.ToIdentifier(fieldName);
            issues.Report(new IncorrectLabelError(label, fieldName, isAlias)
            {
                Column = label, ColumnNumber = binding.FieldColumns[schema.IndexOf(field.Name)] + 1,
            });
        }

        var missing = new List<FieldDefinition>();
        for (var f = 0; f < schema.Fields.Count; f++)
            if (binding.FieldColumns[f] < 0) missing.Add(schema.Fields[f]);
        var extra = new List<(int Column, string Label)>();
        for (var c = 0; c < header.Count; c++)
            if (!columnTaken[c]) extra.Add((c, header[c]));

        foreach (var (c, label) in extra)
        {
            var suggestion = Suggestions.Closest(label, missing.Select(m => m.Name));
            issues.Report(new ExtraLabelError(label, suggestion) { Column = label, ColumnNumber = c + 1 });
        }

        foreach (var field in missing)
        {
            var suggestion = Suggestions.Closest(field.Name, extra.Select(e => e.Label));
            if (field.Constraints.Required) binding.MissingRequired = true;
            issues.Report(new MissingLabelError(field, suggestion) { Column = field.Name });
        }
        return binding;
    }

    /// <summary>Columns no field took (blank and repeated labels aside): where a position may hide under other names.</summary>
    public List<int> UntakenColumns { get; } = [];

    /// <summary>Whether the schema has a position whose latitude and longitude no column was bound to.</summary>
    public bool PositionUnbound(TableSchema schema) => schema.Geometry is { } position
        && schema.IndexOf(position.LatitudeField) is >= 0 and var lat && schema.IndexOf(position.LongitudeField) is >= 0 and var lon
        && FieldColumns[lat] < 0 && FieldColumns[lon] < 0;

    /// <summary>Columns read as the position's latitude or longitude because their names (or values) say they are coordinates.</summary>
    public HashSet<string> CoordinateColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>Pairs of column names that hold a position in GIS exports: the northing (or Swedish geodetic X) first. The
    /// values decide the system (WGS84, SWEREF 99 TM, RT 90: see <see cref="Geography.CoordinateNormaliser"/>), and a
    /// pair given the other way round is turned, so the order only has to be likely, not certain.</summary>
    private static readonly (string North, string East)[] CoordinatePairs =
    [
        ("n", "e"), ("northing", "easting"), ("north", "east"), ("nord", "ost"), ("norr", "ost"), ("nordlig", "ostlig"),
        ("x", "y"), ("x_koord", "y_koord"), ("xkoord", "ykoord"), ("x_koordinat", "y_koordinat"), ("koord_x", "koord_y"),
        ("n_koord", "e_koord"), ("sweref99_n", "sweref99_e"), ("sweref_n", "sweref_e"), ("sweref99tm_n", "sweref99tm_e"),
        ("n_sweref99", "e_sweref99"), ("rt90_x", "rt90_y"), ("x_rt90", "y_rt90"), ("sweref99_x", "sweref99_y"), ("y_n", "x_e"),
    ];

    private static bool NorthingFirst(string label) => CoordinatePairs.Any(p => p.North == TableLayout.ToIdentifier(label));

    /// <summary>When the specification's position has no columns by name, a pair of coordinate columns (N/E, X/Y,
    /// northing/easting, …) takes its place: the reproduction of issue 15, SWEREF 99 TM in columns N and E.</summary>
    private static void BindCoordinatePair(HeaderBinding binding, TableSchema schema, bool[] columnTaken, CoordinateValuePair? pairByValues)
    {
        if (schema.Geometry is not { } position) return;
        var latitude = schema.IndexOf(position.LatitudeField);
        var longitude = schema.IndexOf(position.LongitudeField);
        if (latitude < 0 || longitude < 0 || binding.FieldColumns[latitude] >= 0 || binding.FieldColumns[longitude] >= 0) return;
        foreach (var (north, east) in CoordinatePairs)
        {
            var n = Column(north);
            var e = Column(east);
            if (n < 0 || e < 0) continue;
            binding.FieldColumns[latitude] = n;
            binding.FieldColumns[longitude] = e;
            columnTaken[n] = columnTaken[e] = true;
            binding.Renamed[binding.Header[n]] = position.LatitudeField;
            binding.Renamed[binding.Header[e]] = position.LongitudeField;
            binding.CoordinateColumns.Add(binding.Header[n]);
            binding.CoordinateColumns.Add(binding.Header[e]);
            return;
        }
        if (pairByValues is { } values && !columnTaken[values.North] && !columnTaken[values.East])
        {
            binding.FieldColumns[latitude] = values.North;
            binding.FieldColumns[longitude] = values.East;
            columnTaken[values.North] = columnTaken[values.East] = true;
            binding.Renamed[binding.Header[values.North]] = position.LatitudeField;
            binding.Renamed[binding.Header[values.East]] = position.LongitudeField;
            binding.CoordinateColumns.Add(binding.Header[values.North]);
            binding.CoordinateColumns.Add(binding.Header[values.East]);
        }

        int Column(string name)
        {
            for (var c = 0; c < binding.Header.Count; c++)
                if (!columnTaken[c] && TableLayout.ToIdentifier(binding.Header[c]) == name) return c;
            return -1;
        }
    }

    private static void BindPass(HeaderBinding binding, TableSchema schema, bool[] columnTaken, Func<string, FieldDefinition, bool> matches, bool? renamed)
    {
        for (var f = 0; f < schema.Fields.Count; f++)
        {
            if (binding.FieldColumns[f] >= 0) continue;
            for (var c = 0; c < binding.Header.Count; c++)
            {
                if (columnTaken[c] || !matches(binding.Header[c], schema.Fields[f])) continue;
                binding.FieldColumns[f] = c;
                columnTaken[c] = true;
                if (renamed is not null) binding.Renamed[binding.Header[c]] = schema.Fields[f].Name;
                break;
            }
        }
    }
}
