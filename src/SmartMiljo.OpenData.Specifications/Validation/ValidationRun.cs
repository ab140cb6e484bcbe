using System.Globalization;
using System.Text.Unicode;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>The state of one validation pass: per-row checks, counters and uniqueness hashes.
/// Disposing it frees the hashes' memory.</summary>
internal sealed class ValidationRun : IDisposable
{
    private readonly TableSchema _schema;
    private readonly HeaderBinding _binding;
    private readonly IssueCollector _issues;
    private readonly ValidationOptions _options;
    private readonly FieldCheck[] _checks;
    private readonly int[] _columnField;
    private readonly HashSet<string> _missingValues;
    private readonly bool _emptyIsMissing, _otherMissingValues;
    private readonly byte[][] _missingValuesUtf8;
    private readonly int _boundFields;
    private IReadOnlyDictionary<string, string> _sourceFacts = new Dictionary<string, string>();
    private bool _checkEncoding;
    private readonly CoordinateNormaliser? _coordinates;
    private readonly int _latitude = -1, _longitude = -1;
    private readonly int[] _geoPoints;
    private readonly int[] _geometries;
    private readonly RowHashIndex?[] _unique;
    private readonly int[] _primaryKey;
    private readonly RowHashIndex? _primaryKeys;
    private readonly bool _primaryKeySharesUnique;
    private readonly RowHashIndex? _rows;
    private string _delimiter = ",";

    private long _converted, _swapped, _repaired;
    private readonly RowList _unreadableRows = new();

    public long RowsRead { get; private set; }
    public long RowsValid { get; private set; }
    public long RowsInvalid { get; private set; }
    public long CellsChecked { get; private set; }
    public long CellsInvalid { get; private set; }

    public ValidationRun(TableSchema schema, HeaderBinding binding, IssueCollector issues, ValidationOptions options, SwedishCrs? declaredCrs,
        bool rowsWanted = true)
    {
        _schema = schema;
        _binding = binding;
        _issues = issues;
        _options = options;
        _checks = schema.Fields.Select((f, i) => new FieldCheck(f, i)).ToArray();
        _columnField = Enumerable.Repeat(-1, binding.Header.Count).ToArray();
        for (var f = 0; f < _checks.Length; f++)
            if (binding.FieldColumns[f] >= 0) _columnField[binding.FieldColumns[f]] = f;
        _missingValues = new HashSet<string>(schema.MissingValues, StringComparer.Ordinal);
        _emptyIsMissing = _missingValues.Contains("");
        _otherMissingValues = _missingValues.Count > (_emptyIsMissing ? 1 : 0);
        _missingValuesUtf8 = _missingValues.Where(m => m.Length > 0).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        _boundFields = binding.FieldColumns.Count(c => c >= 0);
        if (schema.Geometry is { } g)
        {
            _latitude = schema.IndexOf(g.LatitudeField);
            _longitude = schema.IndexOf(g.LongitudeField);
        }
        _geoPoints = _checks.Where(c => c.Field.Type == FieldType.GeoPoint).Select(c => c.Index).ToArray();
        _geometries = _checks.Where(c => c.Field.Type == FieldType.Geometry).Select(c => c.Index).ToArray();
        if (_latitude >= 0 || _geoPoints.Length > 0) _coordinates = new CoordinateNormaliser(declaredCrs);
        _unique = _checks.Select(c => c.Field.Constraints.Unique ? new RowHashIndex() : null).ToArray();
        _primaryKey = schema.PrimaryKey.Select(schema.IndexOf).ToArray();
        // A one-field key that is also unique would fill a second dictionary with the very same
        // hashes and rows: share it and hash each key once.
        if (_primaryKey.Length == 1 && _unique[_primaryKey[0]] is { } shared) { _primaryKeys = shared; _primaryKeySharesUnique = true; }
        else if (_primaryKey.Length > 0) _primaryKeys = new RowHashIndex();
        // With a required key that must be unique, two identical rows always clash on the key and
        // are reported there; hashing whole rows as well would only cost time and memory.
        var hasRequiredKey = _checks.Any(c => c.Required && c.Field.Constraints.Unique)
            || _primaryKey.Length > 0 && _primaryKey.All(k => _checks[k].Required);
        if (options.CheckDuplicateRows && !hasRequiredKey) _rows = new RowHashIndex();

        // Without a sink nobody reads the rows: only the values the row checks below need are made.
        _rowsWanted = rowsWanted;
        // Text in a key is hashed straight from the cell's bytes (see KeyText), so it needs no string either.
        _keyText = _checks.Select(c => c.Field.Type == FieldType.String && (_unique[c.Index] is not null || _primaryKey.Contains(c.Index))).ToArray();
        _valueWanted = _checks.Select(c => rowsWanted || _unique[c.Index] is not null && !_keyText[c.Index] || _primaryKey.Contains(c.Index) && !_keyText[c.Index]
            || c.Index == _latitude || c.Index == _longitude || _geoPoints.Contains(c.Index)).ToArray();
        _reusedValues = new object?[_checks.Length];
        _keyHashes = new ulong[_checks.Length];
        _cellPlans = PlanCells();
    }

    private readonly bool _rowsWanted;
    private readonly bool[] _valueWanted;
    private readonly bool[] _keyText;
    private readonly ulong[] _keyHashes;
    private readonly CellPlan[] _cellPlans;

    /// <summary>Stands in the values of a UTF-8 row for a valid text cell of a key that was left
    /// as bytes: the key checks hash and show it from the record (<see cref="_record"/>).</summary>
    private static readonly object KeyText = new();
    private Utf8CsvRecordParser? _record;
    private readonly object?[] _reusedValues;
    private readonly Utf8CellText _text = new();

    public void UseDelimiter(IReadOnlyDictionary<string, string> facts)
    {
        _sourceFacts = facts;
        if (!facts.TryGetValue(CsvTabularSource.DelimiterFact, out var d)) return;
        _delimiter = d.StartsWith("tab") ? "\t" : d.Contains('(') ? d[(d.IndexOf('(') + 1)..(d.IndexOf('(') + 2)] : d;
    }

    /// <summary>Checks one record; returns the typed values when the row is valid, otherwise null.</summary>
    public object?[]? CheckRow(RawRecord record)
    {
        RowsRead++;
        var row = record.RowNumber;
        // Sources hand over arrays; indexing them directly beats an interface call per cell.
        var cells = record.Cells as string?[] ?? record.Cells.ToArray();
        if (IsBlank(cells))
        {
            if (_issues.WillKeep(IssueCodes.BlankRow, IssueSeverity.Error))
                _issues.Keep(new ValidationIssue
                {
                    Code = IssueCodes.BlankRow, Severity = IssueSeverity.Error, Row = row,
                    Message = $"Rad {row} är tom.", MessageEn = $"Row {row} is empty.",
                    Hint = "Ta bort tomma rader ur filen.", HintEn = "Remove empty rows from the file.",
                });
            RowsInvalid++;
            return null;
        }

        // A required column absent from the file makes every row incomplete; the missing-label
        // issue already says so once, rather than once per row.
        var errors = _binding.MissingRequired ? 1 : 0;
        var effective = EffectiveLength(cells);
        if (effective > _binding.NamedWidth)
        {
            if (TryRepairShiftedRow(cells, effective) is { } repaired)
            {
                cells = repaired.Cells;
                _repaired++;
                ReportRepair(row, repaired.Column, record.Cells.Count - repaired.Cells.Length);
            }
            else errors += ReportExtraCells(row, cells, effective);
        }

        var values = new object?[_checks.Length];
        CellsChecked += _boundFields;
        _checkEncoding = _checkEncoding || _sourceFacts.ContainsKey(CsvTabularSource.ReplacementCharactersFact);
        errors += CheckCells(cells, values, row, report: true);
        errors += ScanForPersonnummer(cells, row);
        errors += NormaliseCoordinates(values, row);
        errors += CheckGeometries(values, row);
        errors += CheckUniqueness(values, row);
        errors += CheckDuplicateRow(cells, row);

        if (errors == 0) { RowsValid++; return values; }
        RowsInvalid++;
        return null;
    }

    /// <summary>
    /// <see cref="CheckRow(RawRecord)"/> for a record the UTF-8 reader left as bytes: the same
    /// checks and the same report, but cells that read as their type exactly as written (nearly
    /// all) are checked on their bytes, and no string is made unless a value is needed (rows for a
    /// sink, keys) or a cell has something to report, in which case that cell is read as a string
    /// through the very code of the string path. Rare row shapes (blank, surplus cells) take the
    /// string path whole. The returned array is reused for the next row.
    /// </summary>
    public object?[]? CheckRow(Utf8CsvRecordParser record, long row)
    {
        if (MayBeBlank(record) || EffectiveLength(record) > _binding.NamedWidth)
            return CheckRow(new RawRecord(row, record.Materialise()));

        RowsRead++;
        PrefetchKeys(record);
        // One array for every row: sinks copy what they keep (see IRowSink). The values in it are made
        // afresh for a sink (ValueNeed.Fresh), as a sink may read them after this row.
        var values = _reusedValues;
        Array.Clear(values);
        CellsChecked += _boundFields;
        // The reader's own flag is what the source's fact is set from, without a lookup per row.
        _checkEncoding = _checkEncoding || record.SawReplacementCharacter;
        var errors = _binding.MissingRequired ? 1 : 0;
        errors += CheckCells(record, values, row);
        errors += ScanForPersonnummer(record, row);
        errors += NormaliseCoordinates(values, row);
        errors += CheckGeometries(values, row);
        _record = record;
        errors += CheckUniqueness(values, row);
        _record = null;
        errors += CheckDuplicateRow(record, row);

        if (errors == 0) { RowsValid++; return values; }
        RowsInvalid++;
        return null;
    }

    /// <summary>Hashes the text keys of the row now and has their slots fetched while the cells
    /// are checked; <see cref="CheckUniqueness"/> then uses these hashes.</summary>
    private void PrefetchKeys(Utf8CsvRecordParser record)
    {
        for (var k = 0; k < _keyText.Length; k++)
        {
            if (!_keyText[k] || _unique[k] is not { } seen) continue;
            var col = _binding.FieldColumns[k];
            if (col < 0 || col >= record.FieldCount) continue;
            var hash = Hash64.Add(Hash64.Start, _text.Decode(record.Field(col)));
            _keyHashes[k] = hash;
            seen.Prefetch(hash);
        }
    }

    /// <summary>True when every cell is empty or blank, as <see cref="IsBlank(string?[])"/> says;
    /// the first byte of the first filled cell settles nearly every row.</summary>
    private bool MayBeBlank(Utf8CsvRecordParser record)
    {
        for (var i = 0; i < record.FieldCount; i++)
        {
            var cell = record.Field(i);
            if (cell.IsEmpty) continue;
            if (cell[0] < 0x80 && !IsAsciiBlank(cell[0])) return false;
            if (!_text.Decode(cell).IsWhiteSpace()) return false;
        }
        return true;
    }

    /// <summary>The ASCII characters <see cref="char.IsWhiteSpace(char)"/> accepts.</summary>
    private static bool IsAsciiBlank(byte b) => b is (byte)' ' or >= 0x09 and <= 0x0D;

    private static int EffectiveLength(Utf8CsvRecordParser record)
    {
        var n = record.FieldCount;
        while (n > 0 && record.Field(n - 1).IsEmpty) n--;
        return n;
    }

    /// <summary>What CheckCells does with one bound field of a UTF-8 row, worked out once: one
    /// array of these is walked per row instead of several lookups per cell.</summary>
    private readonly record struct CellPlan(int Field, int Column, FieldCheck Check, bool SkipWhenEmpty,
        bool UncheckedText, bool PlainBoolean, bool ValueWanted, bool KeyText)
    {
        public ValueNeed ValueNeed { get; init; }
    }

    private CellPlan[] PlanCells() =>
        _checks.Where(c => _binding.FieldColumns[c.Index] >= 0)
            .Select(c => new CellPlan(c.Index, _binding.FieldColumns[c.Index], c, _emptyIsMissing && !c.Required,
                c.IsUncheckedText, c.IsPlainBoolean, _valueWanted[c.Index], _keyText[c.Index])
            {
                // Without a sink the values array is reused and read only within the row.
                ValueNeed = !_valueWanted[c.Index] ? ValueNeed.None : _rowsWanted ? ValueNeed.Fresh : ValueNeed.Reused,
            })
            .ToArray();

    private int CheckCells(Utf8CsvRecordParser record, object?[] values, long row)
    {
        var errors = 0;
        var count = record.FieldCount;
        foreach (ref readonly var plan in _cellPlans.AsSpan())
        {
            if (plan.Column >= count) { errors += CheckCell(plan.Check, plan.Column, null, values, row, report: true); continue; }
            var cell = record.Field(plan.Column);
            if (cell.IsEmpty && plan.SkipWhenEmpty) continue;
            if (!MayBeMissingOrUnreadable(cell))
            {
                // The two commonest cases are settled here, without a call: free text, and true/false.
                Utf8Read read;
                object? value;
                if (plan.UncheckedText) { read = Utf8Read.Text; value = null; }
                else if (plan.PlainBoolean && cell.SequenceEqual("true"u8)) { read = Utf8Read.Value; value = CellParsers.BoxedTrue; }
                else if (plan.PlainBoolean && cell.SequenceEqual("false"u8)) { read = Utf8Read.Value; value = CellParsers.BoxedFalse; }
                else read = plan.Check.ReadUtf8(cell, _text, plan.ValueNeed, out value);
                if (read == Utf8Read.Value)
                {
                    if (plan.ValueWanted) values[plan.Field] = value;
                    continue;
                }
                if (read == Utf8Read.Text)
                {
                    if (plan.ValueWanted) values[plan.Field] = record.FieldString(plan.Column);
                    else if (plan.KeyText) values[plan.Field] = KeyText;
                    continue;
                }
            }
            errors += CheckCell(plan.Check, plan.Column, record.FieldString(plan.Column), values, row, report: true);
        }
        return errors;
    }

    /// <summary>True when <see cref="IsMissing"/> might hold for the cell, or when it holds
    /// characters that could not be decoded: then the cell is read as a string.</summary>
    private bool MayBeMissingOrUnreadable(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty) return true;
        var first = cell[0];
        if (first < 0x80 ? IsAsciiBlank(first) : char.IsWhiteSpace(_text.Decode(cell)[0])) return true;
        if (_otherMissingValues && IsOtherMissingValue(cell)) return true;
        return _checkEncoding && (!Utf8.IsValid(cell) || cell.IndexOf("\uFFFD"u8) >= 0 || cell.IndexOf((byte)0) >= 0);
    }

    private bool IsOtherMissingValue(ReadOnlySpan<byte> cell)
    {
        foreach (var missing in _missingValuesUtf8)
            if (cell.SequenceEqual(missing)) return true;
        return false;
    }

    /// <summary>The byte form of <see cref="ScanForPersonnummer(string?[], long)"/>: the scanner
    /// reads the UTF-8 bytes as they are, with the very code that reads strings.</summary>
    private int ScanForPersonnummer(Utf8CsvRecordParser record, long row)
    {
        var errors = 0;
        for (var c = 0; c < record.FieldCount; c++)
        {
            if (record.FieldLength(c) < PersonnummerScanner.ShortestForm) continue; // most cells: no span needed to rule them out
            if (!PersonnummerScanner.Contains(record.Field(c)) || MayHoldIdentityNumbers(c)) continue;
            errors++;
            ReportPersonnummer(row, c, record.FieldString(c));
        }
        return errors;
    }

    private int CheckDuplicateRow(Utf8CsvRecordParser record, long row)
    {
        if (_rows is null) return 0;
        var hash = Hash64.Start;
        for (var i = 0; i < record.FieldCount; i++) hash = Hash64.Add(hash, _text.Decode(record.Field(i)));
        return DuplicateRow(hash, row);
    }

    private static bool IsBlank(string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
            if (!string.IsNullOrWhiteSpace(cells[i])) return false;
        return true;
    }

    private static int EffectiveLength(string?[] cells)
    {
        var n = cells.Length;
        while (n > 0 && string.IsNullOrEmpty(cells[n - 1])) n--;
        return n;
    }

    private bool IsMissing(string raw)
    {
        if (raw.Length == 0) return _emptyIsMissing;
        // Whitespace-only cells count as missing; the first character settles most cells.
        if (char.IsWhiteSpace(raw[0]) && string.IsNullOrWhiteSpace(raw)) return true;
        return _otherMissingValues && _missingValues.Contains(raw);
    }

    /// <summary>Reads and checks every bound cell; with <paramref name="report"/> false it only
    /// counts errors (used to try a repair without side effects).</summary>
    private int CheckCells(string?[] cells, object?[] values, long row, bool report)
    {
        var errors = 0;
        var fieldColumns = _binding.FieldColumns;
        for (var k = 0; k < _checks.Length; k++)
        {
            var col = fieldColumns[k];
            if (col < 0) continue;
            errors += CheckCell(_checks[k], col, col < cells.Length ? cells[col] : null, values, row, report);
        }
        return errors;
    }

    /// <summary>Reads and checks one cell given as a string (null: the row has no such cell),
    /// reporting what is wrong when <paramref name="report"/>; the typed value goes to
    /// <paramref name="values"/>. Returns the number of errors (0 or 1).</summary>
    private int CheckCell(FieldCheck check, int col, string? raw, object?[] values, long row, bool report)
    {
        if (raw is null)
        {
            if (report) CellError(IssueCodes.MissingCell, row, check, col, null);
            return 1;
        }
        if (IsMissing(raw))
        {
            if (!check.Required) return 0;
            if (report) CellError(IssueCodes.ConstraintError, row, check, col, raw, "required");
            return 1;
        }
        var (outcome, value, constraint) = check.Read(raw);
        if (outcome == ParseOutcome.Invalid)
        {
            if (report) CellError(IssueCodes.TypeError, row, check, col, raw);
            return 1;
        }
        if (constraint is not null)
        {
            if (report) CellError(IssueCodes.ConstraintError, row, check, col, raw, constraint);
            return 1;
        }
        if (report)
        {
            if (outcome == ParseOutcome.Normalised && check.NormalisedCount++ == 0) check.NormalisedExample = raw;
            // U+0000 is no text character (and PostgreSQL's text cannot hold it); any source may carry one.
            if (_checkEncoding && raw.Contains('\uFFFD') || raw.Contains('\0'))
            {
                if (raw.Contains('\uFFFD')) _unreadableRows.Note(row);
                CellError(IssueCodes.EncodingError, row, check, col, raw);
                return 1;
            }
            if (check.IsOrganisationsnummer && SwedishIds.TenDigits(raw) is { } digits && digits[2] < '2')
            {
                CellError(IssueCodes.PersonalData, row, check, col, raw, "organisationsnummer");
                return 1;
            }
        }
        values[check.Index] = value;
        return 0;
    }

    private int ScanForPersonnummer(string?[] cells, long row)
    {
        var errors = 0;
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c];
            if (cell is null || cell.Length < PersonnummerScanner.ShortestForm) continue;
            if (!PersonnummerScanner.Contains(cell) || MayHoldIdentityNumbers(c)) continue;
            errors++;
            ReportPersonnummer(row, c, cell);
        }
        return errors;
    }

    /// <summary>Phone and organisation-number columns have their own checks: ten-digit numbers belong there.</summary>
    private bool MayHoldIdentityNumbers(int column)
    {
        var f = column < _columnField.Length ? _columnField[column] : -1;
        return f >= 0 && (_checks[f].IsPhone || _checks[f].IsOrganisationsnummer);
    }

    private void ReportPersonnummer(long row, int c, string cell)
    {
        if (!_issues.WillKeep(IssueCodes.PersonalData, IssueSeverity.Blocking)) return;
        var label = c < _binding.Header.Count ? _binding.Header[c] : $"#{c + 1}";
        _issues.Keep(new ValidationIssue
        {
            Code = IssueCodes.PersonalData, Severity = IssueSeverity.Blocking, Row = row, Column = label, ColumnNumber = c + 1,
            Value = Suggestions.Shorten(PersonnummerScanner.Mask(cell)),
            Message = $"Rad {row}: kolumnen \"{label}\" innehåller ett personnummer. Personuppgifter får inte publiceras som öppna data.",
            MessageEn = $"Row {row}: column \"{label}\" holds a personal identity number. Personal data must not be published as open data.",
            Hint = "Ta bort eller avidentifiera värdet innan filen publiceras.",
            HintEn = "Remove or de-identify the value before the file is published.",
        });
    }

    /// <summary>Only the birth date part is shown back: the report itself must not leak the number.
    /// (A sole trader's organisationsnummer may be written without a separator, a form the scanner
    /// leaves to the phone numbers, so its cell is masked here whole.)</summary>
    private static string Mask(string value) => value.Length > 4 ? value[..^4] + "****" : "****";

    private int NormaliseCoordinates(object?[] values, long row)
    {
        if (_coordinates is null) return 0;
        var errors = 0;
        if (_latitude >= 0 && values[_latitude] is double lat && values[_longitude] is double lon)
        {
            var (originalLat, originalLon) = (values[_latitude], values[_longitude]);
            var outcome = _coordinates.Normalise(ref lat, ref lon);
            // In Sweden as given: nothing to write back, and no text to format for a message.
            if (outcome != Geography.CoordinateOutcome.InSweden)
            {
                errors += CoordinateOutcome(outcome, row, _checks[_latitude], $"{originalLat}, {originalLon}");
                values[_latitude] = lat;
                values[_longitude] = lon;
            }
        }
        foreach (var g in _geoPoints)
        {
            if (values[g] is not GeoPoint point) continue;
            var original = point;
            var outcome = _coordinates.Normalise(ref point);
            errors += CoordinateOutcome(outcome, row, _checks[g], $"{original.Latitude.ToString(CultureInfo.InvariantCulture)}, {original.Longitude.ToString(CultureInfo.InvariantCulture)}");
            values[g] = point;
        }
        return errors;
    }

    /// <summary>Each geometry cell's validity (<see cref="GeometryCheck"/>): a repair is a warning, a fault an error on
    /// that row. A geometry outside WGS84's range is not kept (no store or reader could place it); one that crosses
    /// itself is kept as given, so the publisher sees it where it is wrong.</summary>
    private int CheckGeometries(object?[] values, long row)
    {
        var errors = 0;
        foreach (var g in _geometries)
        {
            if (values[g] is not NetTopologySuite.Geometries.Geometry geometry) continue;
            var finding = GeometryCheck.Check(geometry);
            if (finding.Fault == GeometryFault.None) continue;
            geometry.UserData = null;
            var label = _checks[g].Field.Name;
            var (sv, en, hint, hintEn) = GeometryCheck.Describe(finding);
            var code = finding.Repaired ? IssueCodes.GeometryRepaired : IssueCodes.InvalidGeometry;
            var severity = finding.Repaired ? IssueSeverity.Warning : IssueSeverity.Error;
            if (finding.Invalid)
            {
                CellsInvalid++;
                errors++;
                if (finding.Fault == GeometryFault.OutOfRange) values[g] = null;
            }
            if (_issues.WillKeep(code, severity))
                _issues.Keep(new ValidationIssue
                {
                    Code = code, Severity = severity, Row = row, Column = label, ColumnNumber = g + 1,
                    Value = Suggestions.Shorten(geometry.GeometryType),
                    Message = finding.Repaired ? $"Rad {row}: i kolumnen \"{label}\" {sv}." : $"Rad {row}: geometrin i kolumnen \"{label}\" {sv}.",
                    MessageEn = finding.Repaired ? $"Row {row}: in column \"{label}\", {en}." : $"Row {row}: the geometry in column \"{label}\" {en}.",
                    Hint = hint,
                    HintEn = hintEn,
                });
        }
        return errors;
    }

    private int CoordinateOutcome(CoordinateOutcome outcome, long row, FieldCheck check, string value)
    {
        switch (outcome)
        {
            case Geography.CoordinateOutcome.Converted: _converted++; return 0;
            case Geography.CoordinateOutcome.Swapped:
                _swapped++;
                if (_issues.WillKeep(IssueCodes.CoordinatesSwapped, IssueSeverity.Warning))
                    _issues.Keep(new ValidationIssue
                    {
                        Code = IssueCodes.CoordinatesSwapped, Severity = IssueSeverity.Warning, Row = row, Column = check.Field.Name, Value = value,
                        Message = $"Rad {row}: latitud och longitud har bytt plats ({value}); de har vänts rätt.",
                        MessageEn = $"Row {row}: latitude and longitude are swapped ({value}); they have been turned the right way.",
                        Hint = "Latitud (55–69 i Sverige) ska stå i latitudkolumnen och longitud (11–24) i longitudkolumnen.",
                        HintEn = "Latitude (55–69 in Sweden) belongs in the latitude column and longitude (11–24) in the longitude column.",
                    });
                return 0;
            case Geography.CoordinateOutcome.OutsideSweden:
            case Geography.CoordinateOutcome.UnknownProjection:
                CellsInvalid++;
                if (_issues.WillKeep(IssueCodes.CoordinatesOutsideSweden, IssueSeverity.Error))
                    _issues.Keep(new ValidationIssue
                    {
                        Code = IssueCodes.CoordinatesOutsideSweden, Severity = IssueSeverity.Error, Row = row, Column = check.Field.Name, Value = value,
                        Message = outcome == Geography.CoordinateOutcome.UnknownProjection
                            ? $"Rad {row}: koordinaterna {value} är i ett okänt koordinatsystem."
                            : $"Rad {row}: koordinaterna {value} ligger inte i Sverige.",
                        MessageEn = outcome == Geography.CoordinateOutcome.UnknownProjection
                            ? $"Row {row}: the coordinates {value} are in an unknown coordinate system."
                            : $"Row {row}: the coordinates {value} are not in Sweden.",
                        Hint = "Ange WGS84 i decimalgrader (t.ex. 57.66, 12.14), eller SWEREF 99 TM / RT 90 i meter.",
                        HintEn = "Give WGS84 decimal degrees (e.g. 57.66, 12.14), or SWEREF 99 TM / RT 90 in metres.",
                    });
                return 1;
            default: return 0;
        }
    }

    private int CheckUniqueness(object?[] values, long row)
    {
        var errors = 0;
        var keyClashed = false;
        for (var k = 0; k < _unique.Length; k++)
        {
            if (_unique[k] is not { } seen || values[k] is not { } value) continue;
            // A text key left in the record was hashed (the same way) by PrefetchKeys.
            var hash = ReferenceEquals(value, KeyText) ? _keyHashes[k] : AddKeyValue(Hash64.Start, k, value);
            if (seen.TryAdd(hash, row)) continue;
            if (_primaryKeySharesUnique && k == _primaryKey[0]) keyClashed = true;
            errors++;
            CellsInvalid++;
            var check = _checks[k];
            if (_issues.WillKeep(IssueCodes.UniqueError, IssueSeverity.Error))
            {
                var first = seen.FirstRow(hash);
                var shown = Suggestions.Shorten(KeyValueText(k, value));
                _issues.Keep(new ValidationIssue
                {
                    Code = IssueCodes.UniqueError, Severity = IssueSeverity.Error, Row = row, Column = ColumnLabel(check), ColumnNumber = ColumnNumber(check), Value = shown,
                    Message = $"Rad {row}: \"{shown}\" i \"{ColumnLabel(check)}\" finns redan på rad {first}; värdet måste vara unikt.",
                    MessageEn = $"Row {row}: \"{shown}\" in \"{ColumnLabel(check)}\" already appears on row {first}; the value must be unique.",
                    Hint = "Ge varje rad ett eget värde, eller ta bort dubbletten.",
                    HintEn = "Give every row its own value, or remove the duplicate.",
                });
            }
        }
        if (_primaryKeys is not null && (!_primaryKeySharesUnique || keyClashed))
        {
            var hash = Hash64.Start;
            foreach (var k in _primaryKey)
            {
                if (values[k] is null) return errors; // a missing key part is reported as required/missing already
                hash = AddKeyValue(hash, k, values[k]);
            }
            if (_primaryKeySharesUnique ? keyClashed : !_primaryKeys.TryAdd(hash, row))
            {
                errors++;
                if (_issues.WillKeep(IssueCodes.PrimaryKey, IssueSeverity.Error))
                {
                    var key = string.Join(", ", _primaryKey.Select(k => KeyValueText(k, values[k])));
                    var names = string.Join(", ", _primaryKey.Select(k => _schema.Fields[k].Name));
                    _issues.Keep(new ValidationIssue
                    {
                        Code = IssueCodes.PrimaryKey, Severity = IssueSeverity.Error, Row = row, Column = names, Value = key,
                        Message = $"Rad {row}: nyckeln ({names}) = ({key}) finns redan på rad {_primaryKeys.FirstRow(hash)}.",
                        MessageEn = $"Row {row}: the key ({names}) = ({key}) already appears on row {_primaryKeys.FirstRow(hash)}.",
                        Hint = "Varje rad måste ha en egen identitet; rätta eller ta bort dubbletten.",
                        HintEn = "Every row needs its own identity; correct or remove the duplicate.",
                    });
                }
            }
        }
        return errors;
    }

    /// <summary>Hashes a key value; text left in a UTF-8 record hashes as its string would.</summary>
    private ulong AddKeyValue(ulong hash, int field, object? value) =>
        ReferenceEquals(value, KeyText) ? Hash64.Add(hash, _text.Decode(_record!.Field(_binding.FieldColumns[field]))) : Hash64.Add(hash, value);

    private string? KeyValueText(int field, object? value) =>
        ReferenceEquals(value, KeyText) ? _record!.FieldString(_binding.FieldColumns[field]) : Convert.ToString(value, CultureInfo.InvariantCulture);

    private int CheckDuplicateRow(string?[] cells, long row)
    {
        if (_rows is null) return 0;
        var hash = Hash64.Start;
        for (var i = 0; i < cells.Length; i++) hash = Hash64.Add(hash, (cells[i] ?? "").AsSpan());
        return DuplicateRow(hash, row);
    }

    private int DuplicateRow(ulong hash, long row)
    {
        if (_rows!.TryAdd(hash, row)) return 0;
        if (_issues.WillKeep(IssueCodes.DuplicateRow, IssueSeverity.Error))
            _issues.Keep(new ValidationIssue
            {
                Code = IssueCodes.DuplicateRow, Severity = IssueSeverity.Error, Row = row,
                Message = $"Rad {row} är identisk med rad {_rows.FirstRow(hash)}.",
                MessageEn = $"Row {row} is identical to row {_rows.FirstRow(hash)}.",
                Hint = "Ta bort dubbletten.", HintEn = "Remove the duplicate.",
            });
        return 1;
    }

    /// <summary>
    /// A comma inside unquoted text splits it in two and pushes the rest of the row one column to
    /// the right (Mariestad's description does this). When exactly one text column can absorb the
    /// surplus cells, each split followed by a blank as in prose, and the row then passes every check,
    /// the row is read that way and a warning says so. Anything ambiguous stays an error.
    /// </summary>
    private (string?[] Cells, int Column)? TryRepairShiftedRow(string?[] cells, int effective)
    {
        var surplus = effective - _binding.NamedWidth;
        (string?[] Cells, int Column)? candidate = null;
        var scratch = new object?[_checks.Length];
        for (var p = 0; p < _binding.NamedWidth; p++)
        {
            var f = _columnField[p];
            if (f < 0 || !_checks[f].IsPlainText) continue;
            // ", " is how a comma sits in prose: each split must leave text before it and a
            // blank right after it, or this is not the place.
            var prose = !string.IsNullOrWhiteSpace(cells[p]);
            for (var i = p + 1; prose && i <= p + surplus; i++)
                prose = cells[i] is { Length: > 1 } piece && char.IsWhiteSpace(piece[0]) && !string.IsNullOrWhiteSpace(piece);
            if (!prose) continue;
            var merged = new string?[cells.Length - surplus];
            for (var i = 0; i < p; i++) merged[i] = cells[i];
            merged[p] = string.Join(_delimiter, Enumerable.Range(p, surplus + 1).Select(i => cells[i]));
            for (var i = p + 1; i < merged.Length; i++) merged[i] = cells[i + surplus];
            Array.Clear(scratch);
            if (CheckCells(merged, scratch, 0, report: false) != 0) continue;
            if (candidate is not null) return null; // two readings fit: do not guess
            candidate = (merged, p);
        }
        return candidate;
    }

    private void ReportRepair(long row, int column, int surplus)
    {
        if (!_issues.WillKeep(IssueCodes.MisplacedDelimiter, IssueSeverity.Warning)) return;
        var label = _binding.Header[column];
        var delimiterName = _delimiter == "\t" ? "tabb" : _delimiter;
        _issues.Keep(new ValidationIssue
        {
            Code = IssueCodes.MisplacedDelimiter, Severity = IssueSeverity.Warning, Row = row, Column = label, ColumnNumber = column + 1,
            Message = $"Rad {row}: texten i \"{label}\" innehåller \"{delimiterName}\" utan citattecken, vilket flyttade resten av raden {surplus} steg åt höger. Raden har lästs som om texten vore citerad.",
            MessageEn = $"Row {row}: the text in \"{label}\" contains \"{delimiterName}\" without quotes, which pushed the rest of the row {surplus} column(s) to the right. The row was read as if the text were quoted.",
            Hint = $"Sätt citattecken runt text som innehåller \"{delimiterName}\" (\"så här, till exempel\"), eller exportera med ett verktyg som gör det.",
            HintEn = $"Put quotes around text that contains \"{delimiterName}\" (\"like this, for example\"), or export with a tool that does.",
        });
    }

    private int ReportExtraCells(long row, string?[] cells, int effective)
    {
        var errors = 0;
        for (var c = _binding.NamedWidth; c < effective; c++)
        {
            if (string.IsNullOrEmpty(cells[c])) continue;
            errors++;
            CellsInvalid++;
            if (!_issues.WillKeep(IssueCodes.ExtraCell, IssueSeverity.Error)) continue;
            var shown = Suggestions.Shorten(cells[c]);
            _issues.Keep(new ValidationIssue
            {
                Code = IssueCodes.ExtraCell, Severity = IssueSeverity.Error, Row = row, ColumnNumber = c + 1, Value = shown,
                Message = $"Rad {row} har fler celler än rubrikraden: cell {c + 1} (\"{shown}\") hör inte till någon kolumn.",
                MessageEn = $"Row {row} has more cells than the header: cell {c + 1} (\"{shown}\") belongs to no column.",
                Hint = "Sätt citattecken runt text som innehåller avgränsaren, eller ta bort överflödiga avgränsare.",
                HintEn = "Quote text that contains the delimiter, or remove surplus delimiters.",
            });
        }
        return errors;
    }

    private string ColumnLabel(FieldCheck check)
    {
        var col = _binding.FieldColumns[check.Index];
        return col >= 0 ? _binding.Header[col] : check.Field.Name;
    }

    private int? ColumnNumber(FieldCheck check)
    {
        var col = _binding.FieldColumns[check.Index];
        return col >= 0 ? col + 1 : null;
    }

    private void CellError(string code, long row, FieldCheck check, int col, string? raw, string? constraint = null)
    {
        CellsInvalid++;
        var severity = code == IssueCodes.PersonalData ? IssueSeverity.Blocking : IssueSeverity.Error;
        if (!_issues.WillKeep(code, severity)) return;
        var label = _binding.Header[col];
        var shown = code == IssueCodes.PersonalData ? Mask(raw ?? "") : Suggestions.Shorten(raw);
        var (sv, en, hint, hintEn) = CellMessages.For(code, constraint, row, label, shown, check, _issues);
        _issues.Keep(new ValidationIssue
        {
            Code = code, Severity = severity, Row = row, Column = label, ColumnNumber = col + 1, Value = raw is null ? null : shown,
            Message = sv, MessageEn = en, Hint = hint, HintEn = hintEn,
        });
    }

    public void Dispose()
    {
        foreach (var index in _unique) index?.Dispose();
        _primaryKeys?.Dispose();
        _rows?.Dispose();
    }

    /// <summary>Fact naming the rows that held bytes the file's encoding could not read.</summary>
    public const string MixedEncodingRowsFact = "unreadableRows";

    public ValidationReport Finish(IReadOnlyDictionary<string, string> sourceFacts)
    {
        var facts = new Dictionary<string, string>(sourceFacts);
        foreach (var check in _checks)
            if (check.NormalisedCount > 0) _issues.Add(CellMessages.Normalised(check, ColumnLabel(check)));
        if (_converted > 0 && _coordinates?.Crs is { } crs)
        {
            facts["coordinateSystem"] = $"{crs.Name} (EPSG:{crs.Epsg})";
            _issues.Add(new ValidationIssue
            {
                Code = IssueCodes.CoordinatesConverted, Severity = IssueSeverity.Warning,
                Column = _latitude >= 0 ? _schema.Fields[_latitude].Name : null,
                Message = $"{_converted:N0} punkter var i {crs.Name} (EPSG:{crs.Epsg}) och har räknats om till WGS84.",
                MessageEn = $"{_converted:N0} points were in {crs.Name} (EPSG:{crs.Epsg}) and have been converted to WGS84.",
                Hint = "Specifikationen anger WGS84 i decimalgrader; publicera gärna så från början.",
                HintEn = "The specification asks for WGS84 decimal degrees; publish them that way if you can.",
            });
        }
        else if (_coordinates is not null) facts["coordinateSystem"] = "WGS84 (EPSG:4326)";
        if (_swapped > 0) facts["coordinatesSwapped"] = _swapped.ToString(CultureInfo.InvariantCulture);
        if (_repaired > 0) facts["rowsRepaired"] = _repaired.ToString(CultureInfo.InvariantCulture);
        if (_unreadableRows.Count > 0)
        {
            var encoding = sourceFacts.GetValueOrDefault(CsvTabularSource.EncodingFact) ?? "UTF-8";
            var rows = _unreadableRows.Describe();
            facts[MixedEncodingRowsFact] = rows;
            _issues.Add(new ValidationIssue
            {
                Code = IssueCodes.MixedEncoding, Severity = IssueSeverity.Warning, Value = rows,
                Message = $"Filen är i {encoding}, men {_unreadableRows.Count:N0} rader innehåller byte som inte är {encoding} (rad {rows}). " +
                    "Filen har inte kodats om; de raderna har inte publicerats och deras oläsbara tecken visas som \uFFFD.",
                MessageEn = $"The file is in {encoding}, but {_unreadableRows.Count:N0} rows hold bytes that are not {encoding} (row {rows}). " +
                    "The file has not been re-encoded; those rows were not published and their unreadable characters show as \uFFFD.",
                Hint = "Spara hela filen som UTF-8 i ett och samma program; rader som klistrats in från ett annat program har ofta en annan teckenkodning.",
                HintEn = "Save the whole file as UTF-8 from one program; rows pasted from another program often carry another encoding.",
            });
        }
        if (sourceFacts.TryGetValue(CsvTabularSource.MalformedQuotesFact, out var malformed))
            _issues.Add(new ValidationIssue
            {
                Code = IssueCodes.MalformedQuotes, Severity = IssueSeverity.Warning,
                Message = $"{malformed} fält har citattecken på fel ställe; de har lästs som vanlig text.",
                MessageEn = $"{malformed} fields have quotes in the wrong place; they were read as plain text.",
                Hint = "Citattecken inuti citerad text skrivs dubbelt (\"\").", HintEn = "Quotes inside quoted text are written twice (\"\").",
            });

        if (RowsRead == 0 && !_issues.HasBlocking)
            _issues.Add(new ValidationIssue
            {
                Code = IssueCodes.NoRows, Severity = IssueSeverity.Blocking,
                Message = "Filen har en rubrikrad men inga datarader.", MessageEn = "The file has a header but no data rows.",
                Hint = "Kontrollera att exporten fick med data.", HintEn = "Check that the export included the data.",
            });
        var validShare = RowsRead == 0 ? 0 : (double)RowsValid / RowsRead;
        if (RowsRead > 0 && validShare < _options.MinimumValidRowShare)
            _issues.Add(new ValidationIssue
            {
                Code = IssueCodes.TooManyInvalidRows, Severity = IssueSeverity.Blocking,
                Message = $"Bara {RowsValid:N0} av {RowsRead:N0} rader är giltiga; minst {_options.MinimumValidRowShare:P0} krävs för publicering.",
                MessageEn = $"Only {RowsValid:N0} of {RowsRead:N0} rows are valid; at least {_options.MinimumValidRowShare:P0} are needed to publish.",
                Hint = "Rätta felen nedan; de vanligaste står först i sammanfattningen.",
                HintEn = "Fix the errors below; the most common are listed first in the summary.",
            });

        var verdict = _issues.HasBlocking ? ValidationVerdict.Blocked
            : _issues.ErrorCount > 0 || _issues.WarningCount > 0 ? ValidationVerdict.PublishableWithWarnings
            : ValidationVerdict.Publishable;
        var cellShare = CellsChecked == 0 ? 0 : (double)(CellsChecked - Math.Min(CellsInvalid, CellsChecked)) / CellsChecked;
        var score = RowsRead == 0 ? 0 : Math.Round((validShare + cellShare) / 2, 4);
        var (summary, summaryEn) = Summaries.Build(verdict, RowsRead, RowsValid, score, _issues);
        return new ValidationReport
        {
            Verdict = verdict,
            SpecificationId = _options.SpecificationId,
            SpecificationVersion = _options.SpecificationVersion,
            RowsRead = RowsRead,
            RowsValid = RowsValid,
            RowsInvalid = RowsInvalid,
            CellsChecked = CellsChecked,
            CellsInvalid = CellsInvalid,
            Score = score,
            Errors = _issues.Kept.OrderByDescending(i => i.Severity).ThenBy(i => i.Row ?? 0).ToList(),
            Totals = new Dictionary<string, long>(_issues.Totals),
            Facts = facts,
            ColumnMapping = new Dictionary<string, string>(_binding.Renamed),
            Summary = summary,
            SummaryEn = summaryEn,
        };
    }
}
