namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>Splits a CSV stream into records. Two implementations share the exact same
/// semantics: <see cref="CsvRecordParser"/> over decoded characters (any encoding) and
/// <see cref="Utf8CsvRecordParser"/> over raw UTF-8 bytes (the common case, several times faster).</summary>
internal interface ICsvRecordParser : IDisposable
{
    long RecordsRead { get; }
    int MalformedQuotes { get; }
    bool SawCrLf { get; }
    bool SawLf { get; }

    /// <summary>The input held bytes that could not be decoded (read as U+FFFD), or U+FFFD itself.</summary>
    bool SawReplacementCharacter { get; }

    /// <summary>The next record's fields, or null at the end of the input.</summary>
    ValueTask<string[]?> ReadAsync(CancellationToken ct);
}
