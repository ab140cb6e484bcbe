using System.IO.Compression;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Formats;
using SmartMiljo.OpenData.Exports.Storage;

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
public sealed class GzipDecodingReadStream(Stream compressed, long length) : ReadOnlyDownloadStream
{
    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress, leaveOpen: false);
    public override bool CanSeek => true;
    public override long Length => length;

    protected override void MoveTo(long target)
    {
        if (target < CurrentPosition) throw new NotSupportedException("A decompressing stream seeks forward only.");
        var skip = new byte[64 * 1024];
        while (CurrentPosition < target)
        {
            var read = _gzip.Read(skip, 0, (int)Math.Min(skip.Length, target - CurrentPosition));
            if (read == 0) break;
            CurrentPosition += read;
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _gzip.Read(buffer);
        CurrentPosition += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _gzip.ReadAsync(buffer, cancellationToken);
        CurrentPosition += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _gzip.DisposeAsync();
}
