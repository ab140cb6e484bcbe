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

    /// <summary>When the data ended inside the last record (no line break after it): that record's field
    /// count; otherwise 0. With fewer fields than the header, the file was most likely cut mid-record.</summary>
    int UnterminatedRecordFields { get; }

    /// <summary>The data ended inside a quoted field that was never closed (a file cut mid-record).</summary>
    bool EndedInsideQuotes { get; }

    /// <summary>The next record's fields, or null at the end of the input.</summary>
    ValueTask<string[]?> ReadAsync(CancellationToken ct);
}
