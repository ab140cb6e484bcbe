using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>A row identical to an earlier one, known by an 8-byte hash of its cells' text (the
/// same for a row read as strings or as UTF-8 bytes).</summary>
internal sealed class DuplicateRowCheck(IssueCollector issues, Utf8CellText text) : IDisposable
{
    private readonly RowHashIndex _rows = new();

    public int Check(string?[] cells, long row)
    {
        var hash = Hash64.Start;
        for (var i = 0; i < cells.Length; i++) hash = Hash64.Add(hash, (cells[i] ?? "").AsSpan());
        return Check(hash, row);
    }

    public int Check(Utf8CsvRecordParser record, long row)
    {
        var hash = Hash64.Start;
        for (var i = 0; i < record.FieldCount; i++) hash = Hash64.Add(hash, text.Decode(record.Field(i)));
        return Check(hash, row);
    }

    private int Check(ulong hash, long row)
    {
        if (_rows.TryAdd(hash, row)) return 0;
        issues.Report(new DuplicateRowError(_rows.FirstRow(hash)) { Row = row });
        return 1;
    }

    public void Dispose() => _rows.Dispose();
}
