using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>Which cells count as missing: the schema's missing values (by default the empty
/// string), and cells of blanks only.</summary>
internal sealed class MissingValues
{
    private readonly HashSet<string> _values;
    private readonly bool _others;
    private readonly byte[][] _othersUtf8;

    public MissingValues(TableSchema schema)
    {
        _values = new HashSet<string>(schema.MissingValues, StringComparer.Ordinal);
        EmptyIsMissing = _values.Contains("");
        _others = _values.Count > (EmptyIsMissing ? 1 : 0);
        _othersUtf8 = _values.Where(m => m.Length > 0).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    }

    public bool EmptyIsMissing { get; }

    public bool IsMissing(string raw)
    {
        if (raw.Length == 0) return EmptyIsMissing;
        // Whitespace-only cells count as missing; the first character settles most cells.
        if (char.IsWhiteSpace(raw[0]) && string.IsNullOrWhiteSpace(raw)) return true;
        return _others && _values.Contains(raw);
    }

    /// <summary>True when <see cref="IsMissing"/> might hold for the UTF-8 cell (never false when it does).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayBeMissing(ReadOnlySpan<byte> cell, Utf8CellText text)
    {
        if (cell.IsEmpty) return true;
        var first = cell[0];
        if (first < 0x80 ? Utf8Blank.IsAsciiBlank(first) : char.IsWhiteSpace(text.Decode(cell)[0])) return true;
        return _others && IsOtherMissingValue(cell);
    }

    private bool IsOtherMissingValue(ReadOnlySpan<byte> cell)
    {
        foreach (var missing in _othersUtf8)
            if (cell.SequenceEqual(missing)) return true;
        return false;
    }
}

/// <summary>Blank cells and rows read from UTF-8 bytes, as <see cref="char.IsWhiteSpace(char)"/> says.</summary>
internal static class Utf8Blank
{
    /// <summary>The ASCII characters <see cref="char.IsWhiteSpace(char)"/> accepts.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiBlank(byte b) => b is (byte)' ' or >= 0x09 and <= 0x0D;
}
