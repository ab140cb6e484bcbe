namespace SmartMiljo.OpenData.Core.Tabular;

/// <summary>One raw record as read from a source, before typing. Cells are null where the source
/// had no cell at all (short row); an empty string is an empty cell.</summary>
public readonly record struct RawRecord(long RowNumber, IReadOnlyList<string?> Cells);

/// <summary>
/// A forward-only stream of raw records with a header: what a CSV file, an XLSX sheet or a
/// GeoJSON feature collection looks like to the validator. Implementations stream.
/// </summary>
public interface ITabularSource : IAsyncDisposable
{
    IReadOnlyList<string> Header { get; }

    /// <summary>Facts the reader established (encoding, delimiter, coordinate system), for the report.</summary>
    IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary>The next record, or null at the end.</summary>
    ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>Receives validated rows: values aligned with the schema's fields, typed per
/// <see cref="Schemas.FieldTypeClr"/>, null for missing values. The array is the caller's and is reused
/// for the next row once the call returns (a million rows need not be a million arrays): a sink that
/// keeps a row copies the array. The values in it stay valid.</summary>
public interface IRowSink
{
    ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default);
}
