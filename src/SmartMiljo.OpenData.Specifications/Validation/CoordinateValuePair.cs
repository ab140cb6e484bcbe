using System.Globalization;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// Two columns, whatever their names, whose values are a projected Swedish position: in every one of the first rows
/// that has both, the larger is a northing and the smaller an easting of the same system (SWEREF 99 TM or RT 90; see
/// <see cref="SwedishCoordinateSystems.Guess"/>). Seven-digit northings between 6 050 000 and 7 750 000 beside six- or
/// seven-digit eastings in that system's band are not what counts, prices or years look like, so the values decide.
/// Degrees are not guessed at this way: two columns of numbers near 57 and 16 could be anything.
/// </summary>
internal sealed record CoordinateValuePair(int North, int East, SwedishCrs Crs)
{
    /// <summary>How many rows are read ahead to decide.</summary>
    public const int RowsLookedAt = 50;

    public static CoordinateValuePair? Find(IReadOnlyList<int> candidates, IReadOnlyList<RawRecord> rows)
    {
        foreach (var north in candidates)
            foreach (var east in candidates)
            {
                if (north == east) continue;
                SwedishCrs? crs = null;
                var agreeing = 0;
                foreach (var row in rows)
                {
                    var n = Number(row, north);
                    var e = Number(row, east);
                    if (n is null && e is null) continue;
                    if (n is not { } northing || e is not { } easting || northing <= easting
                        || SwedishCoordinateSystems.Guess(northing, easting) is not { } guessed || crs is not null && guessed != crs)
                    {
                        agreeing = -1;
                        break;
                    }
                    crs = guessed;
                    agreeing++;
                }
                if (agreeing > 0) return new CoordinateValuePair(north, east, crs!);
            }
        return null;
    }

    /// <summary>The cell as a number (a decimal comma allowed); null when it is empty or not one.</summary>
    private static double? Number(RawRecord row, int column)
    {
        if (column >= row.Cells.Count || row.Cells[column] is not { } text || string.IsNullOrWhiteSpace(text)) return null;
        return double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

/// <summary>A source whose first rows were read ahead (copied, so the reader may reuse its buffers) and are read again first.</summary>
internal sealed class ReplayedTabularSource : ITabularSource
{
    private readonly ITabularSource _inner;
    private readonly Queue<RawRecord> _replay;

    private ReplayedTabularSource(ITabularSource inner, List<RawRecord> ahead)
    {
        _inner = inner;
        Ahead = ahead;
        _replay = new Queue<RawRecord>(ahead);
    }

    public IReadOnlyList<RawRecord> Ahead { get; }
    public IReadOnlyList<string> Header => _inner.Header;
    public IReadOnlyDictionary<string, string> Facts => _inner.Facts;

    public static async Task<ReplayedTabularSource> ReadAheadAsync(ITabularSource inner, int rows, CancellationToken ct)
    {
        var ahead = new List<RawRecord>(rows);
        while (ahead.Count < rows && await inner.ReadAsync(ct).ConfigureAwait(false) is { } record)
            ahead.Add(new RawRecord(record.RowNumber, record.Cells.ToArray()));
        return new ReplayedTabularSource(inner, ahead);
    }

    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default) =>
        _replay.TryDequeue(out var record) ? ValueTask.FromResult<RawRecord?>(record) : _inner.ReadAsync(cancellationToken);

    /// <summary>The caller owns the source it handed over; the validator disposes neither.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
