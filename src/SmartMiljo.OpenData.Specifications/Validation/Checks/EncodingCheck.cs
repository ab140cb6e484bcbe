using System.Text.Unicode;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// Characters that are no text: U+0000 (PostgreSQL's text cannot hold it; any source may carry
/// one) always, and U+FFFD once the reader has met bytes it could not decode. Rows with such
/// bytes are noted for one file-level note naming them.
/// </summary>
internal sealed class EncodingCheck
{
    private bool _watchReplacements;
    private readonly RowList _unreadableRows = new();

    /// <summary>Fact naming the rows that held bytes the file's encoding could not read.</summary>
    public const string MixedEncodingRowsFact = "unreadableRows";

    /// <summary>From the first row on which the reader met undecodable bytes, U+FFFD is looked for too.</summary>
    public void Watch(bool sawReplacementCharacter) => _watchReplacements = _watchReplacements || sawReplacementCharacter;

    /// <summary>True when the UTF-8 cell might fail <see cref="HasError"/> (never false when it would).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayFail(ReadOnlySpan<byte> cell) =>
        _watchReplacements && MayFailWatched(cell);

    private static bool MayFailWatched(ReadOnlySpan<byte> cell) => (!Utf8.IsValid(cell) || cell.IndexOf("\uFFFD"u8) >= 0 || cell.IndexOf((byte)0) >= 0);

    /// <summary>True when the value holds a character that is no text; notes the row when it is undecodable.</summary>
    public bool HasError(string raw, long row)
    {
        if (!(_watchReplacements && raw.Contains('\uFFFD') || raw.Contains('\0'))) return false;
        if (raw.Contains('\uFFFD')) _unreadableRows.Note(row);
        return true;
    }

    /// <summary>The file-level note on rows in another encoding, and its fact.</summary>
    public void Finish(IReadOnlyDictionary<string, string> sourceFacts, Dictionary<string, string> facts, IssueCollector issues)
    {
        if (_unreadableRows.Count == 0) return;
        var encoding = sourceFacts.GetValueOrDefault(CsvTabularSource.EncodingFact) ?? "UTF-8";
        var rows = _unreadableRows.Describe();
        facts[MixedEncodingRowsFact] = rows;
        issues.Report(new MixedEncodingError(encoding, _unreadableRows.Count, _unreadableRows.Describe(offset: 1)));
    }
}
