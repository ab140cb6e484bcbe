using System.Text;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The comma "CSV for Excel" is the plain CSV behind a UTF-8 byte-order mark, with
/// <see cref="SpreadsheetFormulaGuard.Mark"/> before every text cell a spreadsheet would run as a formula.
/// When the CSV has no such cell (nearly always) that is exactly the mark plus the CSV, so it is not stored a
/// second time: its distribution records the CSV's storage key (with its own size and SHA-256, hashed while
/// the CSV was written) and is served and zipped as the stored CSV read through <see cref="Open"/>. When it
/// has some, the guarded file is written from the stored CSV (<see cref="WriteGuardedAsync"/>) and stored under
/// its own key, as are older versions' Excel CSVs; those are served as they are.
/// </summary>
public static class ExcelCsvView
{
    private static readonly byte[] ByteOrderMark = Encoding.UTF8.Preamble.ToArray();

    public static int PrefixLength => ByteOrderMark.Length;

    public static ReadOnlySpan<byte> ByteOrderMarkBytes => ByteOrderMark;

    /// <summary>Whether this recorded download is the view over the stored CSV rather than a file of its own.</summary>
    public static bool IsViewOfCsv(string format, string storageKey) =>
        string.Equals(format, ExportFormats.CsvForExcel.Extension, StringComparison.OrdinalIgnoreCase)
        && !storageKey.EndsWith("." + ExportFormats.CsvForExcel.Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The stored CSV behind the byte-order mark; seekable (so Range works) when the CSV is.</summary>
    public static Stream Open(Stream csv) => new PrefixedReadStream(ByteOrderMark, csv);

    /// <summary>The Excel CSV from the plain one: the byte-order mark, then the CSV with the guard mark
    /// inserted at each recorded position.</summary>
    public static async Task WriteGuardedAsync(Stream csv, FormulaCellPositions formulaCells, Stream output, CancellationToken ct)
    {
        await output.WriteAsync(ByteOrderMark, ct);
        var buffer = new byte[128 * 1024];
        byte[] mark = [(byte)SpreadsheetFormulaGuard.Mark];
        long copied = 0;
        foreach (var position in formulaCells.Positions)
        {
            copied += await CopyAsync(position - copied);
            if (copied != position) throw new InvalidDataException($"The CSV ended before byte {position}, where a guarded cell starts.");
            await output.WriteAsync(mark, ct);
        }
        await CopyAsync(long.MaxValue);

        async Task<long> CopyAsync(long count)
        {
            long total = 0;
            while (total < count)
            {
                var read = await csv.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - total)), ct);
                if (read == 0) break;
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                total += read;
            }
            return total;
        }
    }

    /// <summary>A hash of the view, to be fed the CSV's bytes as they are written.</summary>
    public static HashingWriteStream StartHash()
    {
        var hashing = new HashingWriteStream(Stream.Null);
        hashing.Write(ByteOrderMark);
        return hashing;
    }
}

/// <summary>A few fixed bytes followed by another stream, read-only; seekable when the inner stream is.</summary>
public sealed class PrefixedReadStream(byte[] prefix, Stream inner) : ReadOnlyDownloadStream
{
    public override bool CanSeek => inner.CanSeek;
    public override long Length => prefix.Length + inner.Length;

    protected override void MoveTo(long target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        inner.Seek(Math.Max(0, target - prefix.Length), SeekOrigin.Begin);
        CurrentPosition = target;
    }

    public override int Read(Span<byte> buffer)
    {
        if (CurrentPosition < prefix.Length)
        {
            var n = CopyPrefix(buffer);
            return n;
        }
        var read = inner.Read(buffer);
        CurrentPosition += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (CurrentPosition < prefix.Length) return CopyPrefix(buffer.Span);
        var read = await inner.ReadAsync(buffer, cancellationToken);
        CurrentPosition += read;
        return read;
    }

    private int CopyPrefix(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, prefix.Length - CurrentPosition);
        prefix.AsSpan((int)CurrentPosition, n).CopyTo(buffer);
        CurrentPosition += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
