using System.IO.Compression;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Formats;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// What is stored per format, and how a recorded download's own bytes are read back whichever way it was
/// stored. The CSV is stored as itself (sent by path, the Excel CSV is a view over it, programs that send no
/// <c>Accept-Encoding</c> fetch it most) and as <c>.gz</c>. JSON, GeoJSON and the Swedish Excel CSV are stored
/// only as their <c>.gz</c>: every browser and most clients accept gzip, and the few that do not get the file
/// decompressed on the fly (<see cref="OpenAsync"/>), with the recorded size and checksum still its own.
/// XLSX and Parquet are compressed already and stored as themselves. The zip is not stored at all
/// (<see cref="ZipBundle"/>).
/// </summary>
public static class StoredDownloads
{
    /// <summary>Whether a file of this format is stored uncompressed too (else only its <see cref="DownloadEncodings.Gzip"/> copy).</summary>
    public static bool StoresIdentity(IExportFormat format) =>
        !DownloadEncodings.IsCompressible(format.MediaType)
        || ReferenceEquals(format, ExportFormats.Csv) || ReferenceEquals(format, ExportFormats.CsvForExcel);

    /// <summary>
    /// The download's own (uncompressed) bytes: the stored file, or, when only its <c>.gz</c> is stored,
    /// that decompressed while read (<paramref name="byteSize"/> is the recorded size of the uncompressed
    /// file, so the stream knows its length and can skip forward for a Range). Null when neither is stored.
    /// </summary>
    public static async Task<StoredFile?> OpenAsync(IDownloadStore store, string storageKey, long byteSize, CancellationToken ct = default)
    {
        if (await store.OpenAsync(storageKey, ct) is { } file) return file;
        if (await store.OpenAsync(DownloadEncodings.Gzip.KeyFor(storageKey), ct) is not { } compressed) return null;
        return new StoredFile(new GzipDecodingReadStream(compressed.Content, byteSize), byteSize, compressed.LastModified, PhysicalPath: null);
    }

    /// <summary>Whether the download is in the store, as itself or as its <c>.gz</c>.</summary>
    public static async Task<bool> ExistsAsync(IDownloadStore store, string storageKey, CancellationToken ct = default) =>
        await store.ExistsAsync(storageKey, ct) || await store.ExistsAsync(DownloadEncodings.Gzip.KeyFor(storageKey), ct);
}

/// <summary>
/// A stored <c>.gz</c> read as the file it compresses, streaming. Its length is the recorded size; it seeks
/// forward by decompressing and dropping bytes (what a Range request needs once), never backward.
/// </summary>
public sealed class GzipDecodingReadStream(Stream compressed, long length) : Stream
{
    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress, leaveOpen: false);
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

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
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < _position) throw new NotSupportedException("A decompressing stream seeks forward only.");
        var skip = new byte[64 * 1024];
        while (_position < target)
        {
            var read = _gzip.Read(skip, 0, (int)Math.Min(skip.Length, target - _position));
            if (read == 0) break;
            _position += read;
        }
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _gzip.Read(buffer);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _gzip.ReadAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _gzip.DisposeAsync();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
