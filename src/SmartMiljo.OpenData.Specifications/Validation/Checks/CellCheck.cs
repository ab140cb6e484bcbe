using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// The checks of one cell, in order: present (<see cref="MissingCellError"/>), filled when
/// required, read as its type and format and within its constraints (<see cref="FieldCheck"/>),
/// readable text (<see cref="EncodingCheck"/>), and no sole trader's personnummer in an
/// organisation-number column.
/// <para>
/// There is one reading path, on strings: <see cref="Check"/>. A record the UTF-8 reader left as
/// bytes is first pre-screened on its bytes (<see cref="CheckRow(Utf8CsvRecordParser, object?[], long)"/>):
/// the pre-screen only ever says "valid as written" (and then that is what <see cref="Check"/> would
/// say, which <c>Utf8ValidationPathTests</c> hold it to); every other cell is turned into a string
/// and checked by <see cref="Check"/>, so the two cannot disagree on an error.
/// </para>
/// </summary>
internal sealed class CellCheck
{
    private readonly RunContext _run;
    private readonly MissingValues _missing;
    private readonly EncodingCheck _encoding;
    private readonly CellPlan[] _plans;
    private readonly Utf8CellText _text;

    /// <param name="valueWanted">Per field: whether the typed value is needed (rows for a sink, keys, coordinates).</param>
    /// <param name="keyText">Per field: text keys hashed straight from the bytes (see <see cref="UniqueKeyCheck"/>).</param>
    public CellCheck(RunContext run, MissingValues missing, EncodingCheck encoding, Utf8CellText text,
        bool[] valueWanted, bool[] keyText, bool rowsWanted)
    {
        _run = run;
        _missing = missing;
        _encoding = encoding;
        _text = text;
        _plans = run.Fields.Where(c => run.Binding.FieldColumns[c.Index] >= 0)
            .Select(c => new CellPlan(c.Index, run.Binding.FieldColumns[c.Index], c, missing.EmptyIsMissing && !c.Required,
                c.IsUncheckedText, c.IsPlainBoolean, valueWanted[c.Index], keyText[c.Index])
            {
                // Without a sink the values array is reused and read only within the row.
                ValueNeed = !valueWanted[c.Index] ? ValueNeed.None : rowsWanted ? ValueNeed.Fresh : ValueNeed.Reused,
            })
            .ToArray();
    }

    /// <summary>What <see cref="CheckRow(Utf8CsvRecordParser, object?[], long)"/> does with one bound
    /// field, worked out once: one array of these is walked per row instead of several lookups per cell.</summary>
    private readonly record struct CellPlan(int Field, int Column, FieldCheck Check, bool SkipWhenEmpty,
        bool UncheckedText, bool PlainBoolean, bool ValueWanted, bool KeyText)
    {
        public ValueNeed ValueNeed { get; init; }
    }

    /// <summary>Reads and checks every bound cell; with <paramref name="report"/> false it only
    /// counts errors (used to try a repair without side effects).</summary>
    public int CheckRow(string?[] cells, object?[] values, long row, bool report)
    {
        var errors = 0;
        var fieldColumns = _run.Binding.FieldColumns;
        var checks = _run.Fields;
        for (var k = 0; k < checks.Length; k++)
        {
            var col = fieldColumns[k];
            if (col < 0) continue;
            errors += Check(checks[k], col, col < cells.Length ? cells[col] : null, values, row, report);
        }
        return errors;
    }

    /// <summary>The pre-screen on a UTF-8 record's bytes; cells it cannot settle go to <see cref="Check"/>.</summary>
    public int CheckRow(Utf8CsvRecordParser record, object?[] values, long row)
    {
        var errors = 0;
        var count = record.FieldCount;
        foreach (ref readonly var plan in _plans.AsSpan())
        {
            if (plan.Column >= count) { errors += Check(plan.Check, plan.Column, null, values, row, report: true); continue; }
            var cell = record.Field(plan.Column);
            if (cell.IsEmpty && plan.SkipWhenEmpty) continue;
            if (!_missing.MayBeMissing(cell, _text) && !_encoding.MayFail(cell))
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
                    else if (plan.KeyText) values[plan.Field] = UniqueKeyCheck.KeyText;
                    continue;
                }
            }
            errors += Check(plan.Check, plan.Column, record.FieldString(plan.Column), values, row, report: true);
        }
        return errors;
    }

    /// <summary>Reads and checks one cell given as a string (null: the row has no such cell),
    /// reporting what is wrong when <paramref name="report"/>; the typed value goes to
    /// <paramref name="values"/>. Returns the number of errors (0 or 1).</summary>
    public int Check(FieldCheck check, int col, string? raw, object?[] values, long row, bool report)
    {
        if (raw is null)
        {
            if (report) _run.ReportCell(new MissingCellError(), row, col);
            return 1;
        }
        if (_missing.IsMissing(raw))
        {
            if (!check.Required) return 0;
            if (report) _run.ReportCell(new ConstraintError(raw, check.Field, "required"), row, col);
            return 1;
        }
        var (outcome, value, constraint) = check.Read(raw);
        if (outcome == ParseOutcome.Invalid)
        {
            if (report) _run.ReportCell(new TypeError(raw, check.Field), row, col);
            return 1;
        }
        if (constraint is not null)
        {
            if (report) _run.ReportCell(new ConstraintError(raw, check.Field, constraint), row, col);
            return 1;
        }
        if (report)
        {
            if (outcome == ParseOutcome.Normalised && check.NormalisedCount++ == 0) check.NormalisedExample = raw;
            if (_encoding.HasError(raw, row))
            {
                _run.ReportCell(new EncodingError(raw), row, col);
                return 1;
            }
            if (IsSoleTraderNumber(check, raw))
            {
                _run.ReportCell(new SoleTraderNumberError(raw), row, col);
                return 1;
            }
        }
        values[check.Index] = value;
        return 0;
    }

    /// <summary>A sole trader's organisationsnummer is its owner's personnummer (third digit below 2).</summary>
    private static bool IsSoleTraderNumber(FieldCheck check, string raw) =>
        check.IsOrganisationsnummer && SwedishIds.TenDigits(raw) is { } digits && digits[2] < '2';
}
