using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Checks;
using SmartMiljo.OpenData.Specifications.Validation.Errors;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// One validation pass: runs the row checks (<see cref="Checks"/>: row shape, cells, personnummer,
/// coordinates, unique keys, duplicate rows) over each record in turn, and writes the report.
/// The checks do the work; this class only orders them and keeps the counts. Disposing it frees
/// the uniqueness hashes' memory.
/// </summary>
internal sealed class ValidationRun : IDisposable
{
    private readonly RunContext _run;
    private readonly ValidationOptions _options;
    private readonly Utf8CellText _text = new();
    private readonly EncodingCheck _encoding = new();
    private readonly CellCheck _cells;
    private readonly RowShapeCheck _shape;
    private readonly PersonnummerCheck _personnummer;
    private readonly CoordinateCheck? _coordinates;
    private readonly GeometryValidityCheck? _geometries;
    private readonly UniqueKeyCheck _keys;
    private readonly DuplicateRowCheck? _duplicateRows;
    private readonly int _boundFields;
    private readonly object?[] _reusedValues;
    private IReadOnlyDictionary<string, string> _sourceFacts = new Dictionary<string, string>();

    public long RowsRead => _run.RowsRead;
    public long RowsValid => _run.RowsValid;
    public long RowsInvalid => _run.RowsInvalid;
    public long CellsChecked => _run.CellsChecked;
    public long CellsInvalid => _run.CellsInvalid;

    /// <param name="rowsWanted">False when nobody reads the rows (validation only): then only the
    /// values the row checks need are made.</param>
    public ValidationRun(TableSchema schema, HeaderBinding binding, IssueCollector issues, ValidationOptions options, SwedishCrs? declaredCrs,
        bool rowsWanted = true)
    {
        _run = new RunContext(schema, binding, issues);
        _options = options;
        _boundFields = binding.FieldColumns.Count(c => c >= 0);
        _coordinates = CoordinateCheck.For(_run, declaredCrs);
        _geometries = GeometryValidityCheck.For(_run);
        _keys = new UniqueKeyCheck(_run, _text);
        // With a required unique key, identical rows already clash on it; hashing whole rows too would only cost.
        if (options.CheckDuplicateRows && !_keys.HasRequiredKey) _duplicateRows = new DuplicateRowCheck(issues, _text);
        var keyText = _keys.KeyTextFields;
        var valueWanted = _run.Fields.Select(c => rowsWanted || _keys.IsKey(c.Index) && !keyText[c.Index]
            || _coordinates?.Reads(c.Index) == true || _geometries?.Reads(c.Index) == true).ToArray();
        _cells = new CellCheck(_run, new MissingValues(schema), _encoding, _text, valueWanted, keyText, rowsWanted);
        _shape = new RowShapeCheck(_run, _cells, _text);
        _personnummer = new PersonnummerCheck(_run);
        _reusedValues = new object?[_run.Fields.Length];
    }

    public void UseDelimiter(IReadOnlyDictionary<string, string> facts)
    {
        _sourceFacts = facts;
        _shape.UseDelimiter(facts);
    }

    /// <summary>Checks one record; returns the typed values when the row is valid, otherwise null.</summary>
    public object?[]? CheckRow(RawRecord record)
    {
        _run.RowsRead++;
        var row = record.RowNumber;
        // Sources hand over arrays; indexing them directly beats an interface call per cell.
        var cells = record.Cells as string?[] ?? record.Cells.ToArray();
        if (_shape.IsBlank(cells, row))
        {
            _run.RowsInvalid++;
            return null;
        }

        // A required column absent from the file makes every row incomplete; the missing-label
        // issue already says so once, rather than once per row.
        var errors = _run.Binding.MissingRequired ? 1 : 0;
        errors += _shape.CheckWidth(ref cells, row);
        var values = new object?[_run.Fields.Length];
        _run.CellsChecked += _boundFields;
        _encoding.Watch(_sourceFacts.ContainsKey(CsvTabularSource.ReplacementCharactersFact));
        errors += _cells.CheckRow(cells, values, row, report: true);
        errors += _personnummer.Check(cells, row);
        errors += _coordinates?.Check(values, row) ?? 0;
        errors += _geometries?.Check(values, row) ?? 0;
        errors += _keys.Check(values, row);
        errors += _duplicateRows?.Check(cells, row) ?? 0;
        return Outcome(errors, values);
    }

    /// <summary>
    /// <see cref="CheckRow(RawRecord)"/> for a record the UTF-8 reader left as bytes: the same
    /// checks and the same report, but cells that read as their type exactly as written (nearly
    /// all) are checked on their bytes, and no string is made unless a value is needed (rows for a
    /// sink, keys) or a cell has something to report, in which case that cell is read as a string
    /// through the very code of the string path (see <see cref="CellCheck"/>). Rare row shapes
    /// (blank, surplus cells) take the string path whole. The returned array is reused for the next row.
    /// </summary>
    public object?[]? CheckRow(Utf8CsvRecordParser record, long row)
    {
        if (_shape.MayBeBlank(record) || _shape.HasSurplus(record))
            return CheckRow(new RawRecord(row, record.Materialise()));

        _run.RowsRead++;
        _keys.Prefetch(record);
        // One array for every row: sinks copy what they keep (see IRowSink). The values in it are made
        // afresh for a sink (ValueNeed.Fresh), as a sink may read them after this row.
        var values = _reusedValues;
        Array.Clear(values);
        _run.CellsChecked += _boundFields;
        // The reader's own flag is what the source's fact is set from, without a lookup per row.
        _encoding.Watch(record.SawReplacementCharacter);
        var errors = _run.Binding.MissingRequired ? 1 : 0;
        errors += _cells.CheckRow(record, values, row);
        errors += _personnummer.Check(record, row);
        errors += _coordinates?.Check(values, row) ?? 0;
        errors += _geometries?.Check(values, row) ?? 0;
        errors += _keys.Check(values, row, record);
        errors += _duplicateRows?.Check(record, row) ?? 0;
        return Outcome(errors, values);
    }

    private object?[]? Outcome(int errors, object?[] values)
    {
        if (errors == 0) { _run.RowsValid++; return values; }
        _run.RowsInvalid++;
        return null;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _duplicateRows?.Dispose();
    }

    /// <summary>Fact naming the rows that held bytes the file's encoding could not read.</summary>
    public const string MixedEncodingRowsFact = EncodingCheck.MixedEncodingRowsFact;

    /// <summary>The file-level notes and the report.</summary>
    public ValidationReport Finish(IReadOnlyDictionary<string, string> sourceFacts)
    {
        var issues = _run.Issues;
        var facts = new Dictionary<string, string>(sourceFacts);
        foreach (var check in _run.Fields)
            if (check.NormalisedCount > 0)
                issues.Report(new ValueNormalisedError(check.NormalisedCount, Suggestions.Shorten(check.NormalisedExample, 40), check.Field.Type)
                {
                    Column = _run.ColumnLabel(check),
                });
        _coordinates?.Finish(facts);
        if (_shape.Repaired > 0) facts["rowsRepaired"] = _shape.Repaired.ToString(CultureInfo.InvariantCulture);
        _encoding.Finish(sourceFacts, facts, issues);
        if (sourceFacts.TryGetValue(CsvTabularSource.MalformedQuotesFact, out var malformed))
            issues.Report(new MalformedQuotesError(malformed));
        if (RowsRead == 0 && !issues.HasBlocking) issues.Report(new NoRowsError());
        var validShare = RowsRead == 0 ? 0 : (double)RowsValid / RowsRead;
        if (RowsRead > 0 && validShare < _options.MinimumValidRowShare)
            issues.Report(new TooManyInvalidRowsError(RowsValid, RowsRead, _options.MinimumValidRowShare));

        var verdict = issues.HasBlocking ? ValidationVerdict.Blocked
            : issues.ErrorCount > 0 || issues.WarningCount > 0 ? ValidationVerdict.PublishableWithWarnings
            : ValidationVerdict.Publishable;
        var cellShare = CellsChecked == 0 ? 0 : (double)(CellsChecked - Math.Min(CellsInvalid, CellsChecked)) / CellsChecked;
        var score = RowsRead == 0 ? 0 : Math.Round((validShare + cellShare) / 2, 4);
        var (summary, summaryEn) = ValidationMessages.Summary(verdict, RowsRead, RowsValid, score, issues.ErrorCount, issues.WarningCount, issues.Totals);
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
            Errors = issues.Kept.OrderByDescending(i => i.Severity).ThenBy(i => i.Row ?? 0).ToList(),
            Totals = new Dictionary<string, long>(issues.Totals),
            Facts = facts,
            ColumnMapping = new Dictionary<string, string>(_run.Binding.Renamed),
            Summary = summary,
            SummaryEn = summaryEn,
        };
    }
}
