using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>The state of one validation pass: per-row checks, counters and uniqueness hashes.</summary>
internal sealed class ValidationRun
{
    private readonly TableSchema _schema;
    private readonly HeaderBinding _binding;
    private readonly IssueCollector _issues;
    private readonly ValidationOptions _options;
    private readonly FieldCheck[] _checks;
    private readonly int[] _columnField;
    private readonly HashSet<string> _missingValues;
    private readonly bool _emptyIsMissing, _otherMissingValues;
    private readonly int _boundFields;
    private IReadOnlyDictionary<string, string> _sourceFacts = new Dictionary<string, string>();
    private bool _checkEncoding;
    private readonly CoordinateNormaliser? _coordinates;
    private readonly int _latitude = -1, _longitude = -1;
    private readonly int[] _geoPoints;
    private readonly Dictionary<ulong, long>?[] _unique;
    private readonly int[] _primaryKey;
    private readonly Dictionary<ulong, long>? _primaryKeys;
    private readonly bool _primaryKeySharesUnique;
    private readonly Dictionary<ulong, long>? _rows;
    private string _delimiter = ",";

    private long _converted, _swapped, _repaired;

    public long RowsRead { get; private set; }
    public long RowsValid { get; private set; }
    public long RowsInvalid { get; private set; }
    public long CellsChecked { get; private set; }
    public long CellsInvalid { get; private set; }

    public ValidationRun(TableSchema schema, HeaderBinding binding, IssueCollector issues, ValidationOptions options, SwedishCrs? declaredCrs)
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
        _boundFields = binding.FieldColumns.Count(c => c >= 0);
        if (schema.Geometry is { } g)
        {
            _latitude = schema.IndexOf(g.LatitudeField);
            _longitude = schema.IndexOf(g.LongitudeField);
        }
        _geoPoints = _checks.Where(c => c.Field.Type == FieldType.GeoPoint).Select(c => c.Index).ToArray();
        if (_latitude >= 0 || _geoPoints.Length > 0) _coordinates = new CoordinateNormaliser(declaredCrs);
        _unique = _checks.Select(c => c.Field.Constraints.Unique ? new Dictionary<ulong, long>() : null).ToArray();
        _primaryKey = schema.PrimaryKey.Select(schema.IndexOf).ToArray();
        // A one-field key that is also unique would fill a second dictionary with the very same
        // hashes and rows: share it and hash each key once.
        if (_primaryKey.Length == 1 && _unique[_primaryKey[0]] is { } shared) { _primaryKeys = shared; _primaryKeySharesUnique = true; }
        else if (_primaryKey.Length > 0) _primaryKeys = new Dictionary<ulong, long>();
        // With a required key that must be unique, two identical rows always clash on the key and
        // are reported there; hashing whole rows as well would only cost time and memory.
        var hasRequiredKey = _checks.Any(c => c.Required && c.Field.Constraints.Unique)
            || _primaryKey.Length > 0 && _primaryKey.All(k => _checks[k].Required);
        if (options.CheckDuplicateRows && !hasRequiredKey) _rows = new Dictionary<ulong, long>();
    }

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
        errors += CheckUniqueness(values, row);
        errors += CheckDuplicateRow(cells, row);

        if (errors == 0) { RowsValid++; return values; }
        RowsInvalid++;
        return null;
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
            var check = _checks[k];
            var raw = col < cells.Length ? cells[col] : null;
            if (raw is null)
            {
                errors++;
                if (report) CellError(IssueCodes.MissingCell, row, check, col, null);
                continue;
            }
            if (IsMissing(raw))
            {
                if (!check.Required) continue;
                errors++;
                if (report) CellError(IssueCodes.ConstraintError, row, check, col, raw, "required");
                continue;
            }
            var (outcome, value, constraint) = check.Read(raw);
            if (outcome == ParseOutcome.Invalid)
            {
                errors++;
                if (report) CellError(IssueCodes.TypeError, row, check, col, raw);
                continue;
            }
            if (constraint is not null)
            {
                errors++;
                if (report) CellError(IssueCodes.ConstraintError, row, check, col, raw, constraint);
                continue;
            }
            if (report)
            {
                if (outcome == ParseOutcome.Normalised && check.NormalisedCount++ == 0) check.NormalisedExample = raw;
                if (_checkEncoding && raw.Contains('\uFFFD')) { errors++; CellError(IssueCodes.EncodingError, row, check, col, raw); continue; }
                if (check.IsOrganisationsnummer && SwedishIds.TenDigits(raw) is { } digits && digits[2] < '2')
                {
                    errors++;
                    CellError(IssueCodes.PersonalData, row, check, col, raw, "organisationsnummer");
                    continue;
                }
            }
            values[k] = value;
        }
        return errors;
    }

    private int ScanForPersonnummer(string?[] cells, long row)
    {
        var errors = 0;
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c];
            if (cell is null || cell.Length is < 11 or > 13 || !char.IsAsciiDigit(cell[0])) continue;
            var f = c < _columnField.Length ? _columnField[c] : -1;
            if (f >= 0 && (_checks[f].IsPhone || _checks[f].IsOrganisationsnummer)) continue;
            if (!SwedishIds.LooksLikePersonnummer(cell)) continue;
            errors++;
            if (_issues.WillKeep(IssueCodes.PersonalData, IssueSeverity.Blocking))
            {
                var label = c < _binding.Header.Count ? _binding.Header[c] : $"#{c + 1}";
                _issues.Keep(new ValidationIssue
                {
                    Code = IssueCodes.PersonalData, Severity = IssueSeverity.Blocking, Row = row, Column = label, ColumnNumber = c + 1,
                    Value = Mask(cell),
                    Message = $"Rad {row}: kolumnen \"{label}\" innehåller ett personnummer. Personuppgifter får inte publiceras som öppna data.",
                    MessageEn = $"Row {row}: column \"{label}\" holds a personal identity number. Personal data must not be published as open data.",
                    Hint = "Ta bort eller avidentifiera värdet innan filen publiceras.",
                    HintEn = "Remove or de-identify the value before the file is published.",
                });
            }
        }
        return errors;
    }

    /// <summary>Only the birth date part is shown back: the report itself must not leak the number.</summary>
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
            var hash = Hash64.Add(Hash64.Start, value);
            if (seen.TryAdd(hash, row)) continue;
            if (_primaryKeySharesUnique && k == _primaryKey[0]) keyClashed = true;
            errors++;
            CellsInvalid++;
            var check = _checks[k];
            if (_issues.WillKeep(IssueCodes.UniqueError, IssueSeverity.Error))
            {
                var first = seen[hash];
                var shown = Suggestions.Shorten(Convert.ToString(value, CultureInfo.InvariantCulture));
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
                hash = Hash64.Add(hash, values[k]);
            }
            if (_primaryKeySharesUnique ? keyClashed : !_primaryKeys.TryAdd(hash, row))
            {
                errors++;
                if (_issues.WillKeep(IssueCodes.PrimaryKey, IssueSeverity.Error))
                {
                    var key = string.Join(", ", _primaryKey.Select(k => Convert.ToString(values[k], CultureInfo.InvariantCulture)));
                    var names = string.Join(", ", _primaryKey.Select(k => _schema.Fields[k].Name));
                    _issues.Keep(new ValidationIssue
                    {
                        Code = IssueCodes.PrimaryKey, Severity = IssueSeverity.Error, Row = row, Column = names, Value = key,
                        Message = $"Rad {row}: nyckeln ({names}) = ({key}) finns redan på rad {_primaryKeys[hash]}.",
                        MessageEn = $"Row {row}: the key ({names}) = ({key}) already appears on row {_primaryKeys[hash]}.",
                        Hint = "Varje rad måste ha en egen identitet; rätta eller ta bort dubbletten.",
                        HintEn = "Every row needs its own identity; correct or remove the duplicate.",
                    });
                }
            }
        }
        return errors;
    }

    private int CheckDuplicateRow(string?[] cells, long row)
    {
        if (_rows is null) return 0;
        var hash = Hash64.Start;
        for (var i = 0; i < cells.Length; i++) hash = Hash64.Add(hash, (cells[i] ?? "").AsSpan());
        if (_rows.TryAdd(hash, row)) return 0;
        if (_issues.WillKeep(IssueCodes.DuplicateRow, IssueSeverity.Error))
            _issues.Keep(new ValidationIssue
            {
                Code = IssueCodes.DuplicateRow, Severity = IssueSeverity.Error, Row = row,
                Message = $"Rad {row} är identisk med rad {_rows[hash]}.",
                MessageEn = $"Row {row} is identical to row {_rows[hash]}.",
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
