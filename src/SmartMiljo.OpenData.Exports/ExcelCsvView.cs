using System.Text;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The Excel CSV is the plain CSV behind a UTF-8 byte-order mark, so it is not stored a second time:
/// its distribution records the CSV's storage key (with its own size and SHA-256, hashed while the CSV
/// was written) and is served and zipped as the stored CSV read through <see cref="Open"/>.
/// Older versions whose Excel CSV was stored as its own file keep their own key and are served as is.
/// </summary>
public static class ExcelCsvView
{
    private static readonly byte[] ByteOrderMark = Encoding.UTF8.Preamble.ToArray();

    public static int PrefixLength => ByteOrderMark.Length;

    /// <summary>Whether this recorded download is the view over the stored CSV rather than a file of its own.</summary>
    public static bool IsViewOfCsv(string format, string storageKey) =>
        string.Equals(format, ExportFormats.CsvForExcel.Extension, StringComparison.OrdinalIgnoreCase)
        && !storageKey.EndsWith("." + ExportFormats.CsvForExcel.Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The stored CSV behind the byte-order mark; seekable (so Range works) when the CSV is.</summary>
    public static Stream Open(Stream csv) => new PrefixedReadStream(ByteOrderMark, csv);

    /// <summary>A hash of the view, to be fed the CSV's bytes as they are written.</summary>
    public static HashingWriteStream StartHash()
    {
        var hashing = new HashingWriteStream(Stream.Null);
        hashing.Write(ByteOrderMark);
        return hashing;
    }
}

/// <summary>A few fixed bytes followed by another stream, read-only; seekable when the inner stream is.</summary>
public sealed class PrefixedReadStream(byte[] prefix, Stream inner) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => prefix.Length + inner.Length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        inner.Seek(Math.Max(0, target - prefix.Length), SeekOrigin.Begin);
        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
        {
            var n = CopyPrefix(buffer);
            return n;
        }
        var read = inner.Read(buffer);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < prefix.Length) return CopyPrefix(buffer.Span);
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    private int CopyPrefix(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, prefix.Length - _position);
        prefix.AsSpan((int)_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
