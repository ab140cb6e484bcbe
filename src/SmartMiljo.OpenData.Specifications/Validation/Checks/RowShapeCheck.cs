using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// The shape of a row against the header: blank rows, and cells beyond the last named column.
/// A comma inside unquoted text splits it in two and pushes the rest of the row one column to
/// the right (Mariestad's description does this). When exactly one text column can absorb the
/// surplus cells, each split followed by a blank as in prose, and the row then passes every cell
/// check, the row is read that way and a warning says so. Anything ambiguous stays an error.
/// </summary>
internal sealed class RowShapeCheck(RunContext run, CellCheck cellCheck, Utf8CellText text)
{
    private string _delimiter = ",";

    public long Repaired { get; private set; }

    /// <summary>The delimiter the reader found, for the repair and its message.</summary>
    public void UseDelimiter(IReadOnlyDictionary<string, string> facts)
    {
        if (!facts.TryGetValue(CsvTabularSource.DelimiterFact, out var d)) return;
        _delimiter = d.StartsWith("tab") ? "\t" : d.Contains('(') ? d[(d.IndexOf('(') + 1)..(d.IndexOf('(') + 2)] : d;
    }

    /// <summary>True (and reported) when every cell is empty or blank.</summary>
    public bool IsBlank(string?[] cells, long row)
    {
        for (var i = 0; i < cells.Length; i++)
            if (!string.IsNullOrWhiteSpace(cells[i])) return false;
        run.Issues.Report(new BlankRowError { Row = row });
        return true;
    }

    /// <summary>True when every cell might be blank, as <see cref="IsBlank"/> says; the first byte
    /// of the first filled cell settles nearly every row. (Then the row is read as strings.)</summary>
    public bool MayBeBlank(Utf8CsvRecordParser record)
    {
        for (var i = 0; i < record.FieldCount; i++)
        {
            var cell = record.Field(i);
            if (cell.IsEmpty) continue;
            if (cell[0] < 0x80 && !Utf8Blank.IsAsciiBlank(cell[0])) return false;
            if (!text.Decode(cell).IsWhiteSpace()) return false;
        }
        return true;
    }

    /// <summary>True when the record has filled cells beyond the header (then it is read as strings).</summary>
    public bool HasSurplus(Utf8CsvRecordParser record)
    {
        var n = record.FieldCount;
        while (n > 0 && record.Field(n - 1).IsEmpty) n--;
        return n > run.Binding.NamedWidth;
    }

    /// <summary>Repairs or reports cells beyond the header; returns the errors and the cells to read on.</summary>
    public int CheckWidth(ref string?[] cells, long row)
    {
        var effective = cells.Length;
        while (effective > 0 && string.IsNullOrEmpty(cells[effective - 1])) effective--;
        if (effective <= run.Binding.NamedWidth) return 0;
        if (TryRepairShiftedRow(cells, effective) is { } repaired)
        {
            var surplus = cells.Length - repaired.Cells.Length;
            cells = repaired.Cells;
            Repaired++;
            run.Issues.Report(new MisplacedDelimiterError(_delimiter, surplus)
            {
                Row = row, Column = run.Binding.Header[repaired.Column], ColumnNumber = repaired.Column + 1,
            });
            return 0;
        }
        return ReportExtraCells(row, cells, effective);
    }

    private (string?[] Cells, int Column)? TryRepairShiftedRow(string?[] cells, int effective)
    {
        var named = run.Binding.NamedWidth;
        var surplus = effective - named;
        (string?[] Cells, int Column)? candidate = null;
        var scratch = new object?[run.Fields.Length];
        for (var p = 0; p < named; p++)
        {
            var f = run.FieldOfColumn(p);
            if (f < 0 || !run.Fields[f].IsPlainText) continue;
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
            if (cellCheck.CheckRow(merged, scratch, 0, report: false) != 0) continue;
            if (candidate is not null) return null; // two readings fit: do not guess
            candidate = (merged, p);
        }
        return candidate;
    }

    private int ReportExtraCells(long row, string?[] cells, int effective)
    {
        var errors = 0;
        for (var c = run.Binding.NamedWidth; c < effective; c++)
        {
            if (string.IsNullOrEmpty(cells[c])) continue;
            errors++;
            run.CellsInvalid++;
            run.Issues.Report(new ExtraCellError(cells[c]!) { Row = row, ColumnNumber = c + 1 });
        }
        return errors;
    }
}
