using System.Globalization;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>Row numbers for a file-level note: counts every row once and keeps the first few to name.</summary>
internal sealed class RowList(int shown = 20)
{
    private readonly List<long> _first = [];
    private long _last = -1;

    public long Count { get; private set; }

    /// <summary>Notes a row; the same row noted again (several cells) counts once.</summary>
    public void Note(long row)
    {
        if (row == _last) return;
        _last = row;
        Count++;
        if (_first.Count < shown) _first.Add(row);
    }

    /// <summary>"3, 17, 40" or "3, 17, 40 …" when there are more than are named; each row plus
    /// <paramref name="offset"/> (1 names them as a spreadsheet does, under its header row).</summary>
    public string Describe(long offset = 0) =>
        string.Join(", ", _first.Select(r => (r + offset).ToString(CultureInfo.InvariantCulture))) + (Count > _first.Count ? " …" : "");
}
