namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Where, in the bytes of a plain CSV, the text cells start that <see cref="SpreadsheetFormulaGuard"/> guards
/// (after any opening quote), recorded while the CSV is written. The files for spreadsheet programs are that
/// CSV with <see cref="SpreadsheetFormulaGuard.Mark"/> inserted at exactly these positions
/// (<see cref="ExcelCsvView.WriteGuardedAsync"/>), so the rule is applied once, by the writer that knows which
/// cells are text. Ascending; one entry per guarded cell.
/// </summary>
public sealed class FormulaCellPositions
{
    private readonly List<long> _positions = [];

    public IReadOnlyList<long> Positions => _positions;

    public int Count => _positions.Count;

    public void Add(long bytePosition)
    {
        if (_positions.Count > 0 && bytePosition <= _positions[^1])
            throw new ArgumentOutOfRangeException(nameof(bytePosition), "Positions are recorded in ascending order.");
        _positions.Add(bytePosition);
    }
}
