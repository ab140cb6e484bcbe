using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Inference;

/// <summary>
/// Drafts a table schema for a source without a specification. Reads every row (a type that
/// fits the first hundred rows often fails on row 90 000) and gives each column the narrowest type
/// that fits all its values: boolean, integer, number, date, datetime, time, geopoint, else
/// string, with a format (email, uri, kommunkod) when every value has it. A column without empty
/// cells becomes required; identifier-like columns whose values never repeat become unique.
/// </summary>
public sealed class SchemaInferrer
{
    /// <summary>Uniqueness is tracked only for columns that look like identifiers, so memory
    /// stays at 8 bytes per row for a handful of columns rather than for every column.</summary>
    private static readonly string[] IdentifierHints = ["id", "kod", "code", "nr", "nummer", "number", "key", "nyckel"];

    public async Task<TableSchema> InferAsync(ITabularSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var names = FieldNames(source.Header);
        var columns = names.Select((n, i) => new ColumnEvidence(n, i == 0 || LooksLikeIdentifier(n))).ToArray();
        long rows = 0;
        while (await source.ReadAsync(ct).ConfigureAwait(false) is { } record)
        {
            rows++;
            var cells = record.Cells;
            for (var c = 0; c < columns.Length; c++)
                columns[c].Observe(c < cells.Count ? cells[c] : null);
        }

        var fields = columns.Select(c => c.ToField(rows)).ToList();
        return new TableSchema
        {
            Fields = fields,
            PrimaryKey = fields.FirstOrDefault(f => f.Constraints.Unique && f.Constraints.Required) is { } key ? [key.Name] : [],
            Geometry = Geometry(fields),
        };
    }

    private static bool LooksLikeIdentifier(string name)
    {
        var id = TableLayout.ToIdentifier(name);
        return IdentifierHints.Any(h => id == h || id.EndsWith("_" + h) || id.StartsWith(h + "_"));
    }

    private static List<string> FieldNames(IReadOnlyList<string> header)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            var baseName = string.IsNullOrWhiteSpace(header[i]) ? $"field_{i + 1}" : header[i].Trim();
            var name = baseName;
            for (var n = 2; !used.Add(name); n++) name = $"{baseName}_{n}";
            names.Add(name);
        }
        return names;
    }

    private static GeometryMapping? Geometry(IReadOnlyList<FieldDefinition> fields)
    {
        string? Find(params string[] names) => fields.FirstOrDefault(f => f.Type == FieldType.Number && names.Contains(TableLayout.ToIdentifier(f.Name)))?.Name;
        var lat = Find("latitude", "lat", "latitud", "wgs84_lat");
        var lon = Find("longitude", "lon", "lng", "long", "longitud", "wgs84_lon");
        return lat is not null && lon is not null ? new GeometryMapping(lat, lon) : null;
    }

    /// <summary>What the values of one column allow, narrowed as rows are read.</summary>
    private sealed class ColumnEvidence(string name, bool trackUniqueness)
    {
        private bool _boolean = true, _booleanWord, _integer = true, _number = true, _date = true, _dateTime = true, _time = true, _geoPoint = true, _geometry = true;
        private bool _email = true, _uri = true, _kommunkod = true;
        private long _present, _missing;
        private HashSet<ulong>? _seen = trackUniqueness ? [] : null;
        private bool _repeated;

        public void Observe(string? cell)
        {
            if (string.IsNullOrWhiteSpace(cell)) { _missing++; return; }
            _present++;
            if (_boolean)
            {
                _boolean = CellParsers.Boolean(cell, out _) != ParseOutcome.Invalid;
                if (_boolean && !char.IsAsciiDigit(cell.Trim()[0])) _booleanWord = true;
            }
            var trimmed = cell.Trim();
            var leadingZero = trimmed.Length > 1 && trimmed[0] == '0' && char.IsAsciiDigit(trimmed[1]);
            if (_integer) _integer = !leadingZero && CellParsers.Integer(cell, out _) == ParseOutcome.Ok;
            if (_number) _number = !leadingZero && CellParsers.Number(cell, out _) != ParseOutcome.Invalid;
            if (_date) _date = CellParsers.Date(cell, out _) != ParseOutcome.Invalid;
            if (_dateTime) _dateTime = CellParsers.DateTime(cell, out _) != ParseOutcome.Invalid;
            if (_time) _time = CellParsers.Time(cell, out _) != ParseOutcome.Invalid;
            if (_geoPoint) _geoPoint = cell.Contains(',') && CellParsers.GeoPoint(cell, out var p) == ParseOutcome.Ok
                && p is GeoPoint g && Geography.SwedenBounds.Contains(g.Latitude, g.Longitude);
            if (_geometry) _geometry = LooksLikeGeometry(trimmed) && GeometryText.Parse(trimmed) is not null;
            if (_email) _email = CellParsers.Email(cell, out _) != ParseOutcome.Invalid;
            if (_uri) _uri = CellParsers.Uri(cell, out _) != ParseOutcome.Invalid;
            if (_kommunkod) _kommunkod = trimmed.Length == 4 && CellParsers.Kommunkod(cell, out _) == ParseOutcome.Ok;
            if (_seen is not null && !_seen.Add(Hash64.Add(Hash64.Start, trimmed.AsSpan())))
            {
                _repeated = true;
                _seen = null; // decided: not unique; free the memory
            }
        }

        /// <summary>A GeoJSON geometry object or WKT, told by its start before anything is parsed.</summary>
        private static bool LooksLikeGeometry(string text) =>
            text.StartsWith('{') ? text.Contains("\"coordinates\"", StringComparison.Ordinal) || text.Contains("\"geometries\"", StringComparison.Ordinal)
            : text.StartsWith("POINT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("LINESTRING", StringComparison.OrdinalIgnoreCase)
              || text.StartsWith("POLYGON", StringComparison.OrdinalIgnoreCase) || text.StartsWith("MULTI", StringComparison.OrdinalIgnoreCase)
              || text.StartsWith("GEOMETRYCOLLECTION", StringComparison.OrdinalIgnoreCase);

        public FieldDefinition ToField(long rows)
        {
            var (type, format) = Decide();
            return new FieldDefinition
            {
                Name = name,
                Type = type,
                Format = format,
                Title = name,
                Source = string.Create(CultureInfo.InvariantCulture, $"inferred from all {rows:N0} rows"),
                Constraints = new FieldConstraints
                {
                    Required = rows > 0 && _missing == 0,
                    Unique = trackUniqueness && _present > 1 && !_repeated,
                },
            };
        }

        private (FieldType, string?) Decide()
        {
            if (_present == 0) return (FieldType.String, null);
            // 0/1 alone reads as integer: counts and flags look alike, and an integer loses nothing.
            if (_boolean && _booleanWord) return (FieldType.Boolean, null);
            if (_integer) return (FieldType.Integer, null);
            if (_number) return (FieldType.Number, null);
            if (_date) return (FieldType.Date, null);
            if (_dateTime) return (FieldType.DateTime, null);
            if (_time) return (FieldType.Time, null);
            if (_geometry) return (FieldType.Geometry, null);
            if (_geoPoint) return (FieldType.GeoPoint, null);
            if (_kommunkod) return (FieldType.String, "kommunkod");
            if (_email) return (FieldType.String, "email");
            if (_uri) return (FieldType.String, "uri");
            return (FieldType.String, null);
        }
    }
}
