using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// A personnummer in any cell, bound to a field or not, blocks publication. Phone and
/// organisation-number columns have their own checks: ten-digit numbers belong there. Strings and
/// UTF-8 bytes are scanned by the very same code (<see cref="PersonnummerScanner"/>).
/// </summary>
internal sealed class PersonnummerCheck(RunContext run)
{
    public int Check(string?[] cells, long row)
    {
        var errors = 0;
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c];
            if (cell is null || cell.Length < PersonnummerScanner.ShortestForm) continue;
            if (!PersonnummerScanner.Contains(cell) || MayHoldIdentityNumbers(c)) continue;
            errors++;
            Report(row, c, cell);
        }
        return errors;
    }

    public int Check(Utf8CsvRecordParser record, long row)
    {
        var errors = 0;
        for (var c = 0; c < record.FieldCount; c++)
        {
            if (record.FieldLength(c) < PersonnummerScanner.ShortestForm) continue; // most cells: no span needed to rule them out
            if (c < _identityColumns.Length && _identityColumns[c] || !PersonnummerScanner.Contains(record.Field(c))) continue;
            errors++;
            Report(row, c, record.FieldString(c));
        }
        return errors;
    }

    // Per column of the header, MayHoldIdentityNumbers worked out once: those cells are not scanned at all.
    private readonly bool[] _identityColumns = Enumerable.Range(0, run.Binding.Header.Count).Select(c => MayHoldIdentityNumbers(run, c)).ToArray();

    private bool MayHoldIdentityNumbers(int column) => MayHoldIdentityNumbers(run, column);

    private static bool MayHoldIdentityNumbers(RunContext run, int column)
    {
        var f = run.FieldOfColumn(column);
        return f >= 0 && (run.Fields[f].IsPhone || run.Fields[f].IsOrganisationsnummer);
    }

    private void Report(long row, int c, string cell)
    {
        var label = c < run.Binding.Header.Count ? run.Binding.Header[c] : $"#{c + 1}";
        run.Issues.Report(new PersonnummerError(cell) { Row = row, Column = label, ColumnNumber = c + 1 });
    }
}
