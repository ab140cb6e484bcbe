using System.IO.Compression;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Generates every applicable download of one dataset version into the download store, once, at
/// publish. Each format streams the rows afresh from the factory and is hashed while written;
/// text formats also get precompressed .br/.gz variants for serving (see <see cref="DownloadEncodings"/>),
/// and last comes the zip of all files with README.txt and schema.json.
/// </summary>
public sealed class DownloadGenerator
{
    private readonly IDownloadStore _store;
    private readonly IReadOnlyList<IExportFormat> _formats;
    private readonly bool _precompress;
    private readonly bool _bundle;

    /// <param name="formats">Defaults to <see cref="ExportFormats.All"/>.</param>
    /// <param name="precompress">Whether to store .br/.gz variants of text formats.</param>
    /// <param name="bundle">Whether to add the zip of all formats (<see cref="ZipBundle"/>).</param>
    public DownloadGenerator(IDownloadStore store, IReadOnlyList<IExportFormat>? formats = null, bool precompress = true,
        bool bundle = true)
    {
        _store = store;
        _formats = formats ?? ExportFormats.All;
        _precompress = precompress;
        _bundle = bundle;
    }

    /// <summary>
    /// Writes the files under <paramref name="keyPrefix"/>: each key is the prefix plus "." and the
    /// format's extension (a prefix ending in '/' gets the base name "data"), e.g.
    /// <c>exempelkommun/badplatser/v3/badplatser.csv</c>. On failure, files already written by
    /// this call are removed again and the exception is rethrown.
    /// </summary>
    /// <param name="rows">Called once per format; each call must stream the version's rows from the start.</param>
    public async Task<IReadOnlyList<GeneratedDownload>> GenerateAsync(string keyPrefix, ExportContext context,
        Func<CancellationToken, IAsyncEnumerable<object?[]>> rows, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var basePrefix = keyPrefix.EndsWith('/') ? keyPrefix + "data" : keyPrefix;
        var generated = new List<GeneratedDownload>();
        try
        {
            foreach (var format in _formats.Where(f => f.Applies(context.Layout)))
            {
                var key = $"{basePrefix}.{format.Extension}";
                var download = await SaveHashedAsync(key, format.Extension, format.MediaType,
                    (stream, token) => format.WriteAsync(stream, context, rows(token), token), ct);
                generated.Add(download);
                if (_precompress && DownloadEncodings.IsCompressible(format.MediaType))
                    await PrecompressAsync(key, ct);
            }
            if (_bundle)
            {
                var files = generated.ToList();
                generated.Add(await SaveHashedAsync($"{basePrefix}.{ZipBundle.Extension}", ZipBundle.Extension, ZipBundle.MediaType,
                    (stream, token) => new ZipBundle().WriteAsync(stream, context, files, _store, token), ct));
            }
            return generated;
        }
        catch
        {
            await DeleteQuietlyAsync(generated);
            throw;
        }
    }

    /// <summary>Removes downloads and their compressed variants, e.g. when a version leaves retention.</summary>
    public async Task DeleteAsync(IEnumerable<(string StorageKey, string MediaType)> downloads, CancellationToken ct)
    {
        foreach (var (storageKey, mediaType) in downloads)
            foreach (var key in DownloadEncodings.AllKeysOf(storageKey, mediaType))
                await _store.DeleteAsync(key, ct);
    }

    private async Task<GeneratedDownload> SaveHashedAsync(string key, string extension, string mediaType,
        Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        long size = 0;
        var sha = "";
        await _store.SaveAsync(key, async (target, token) =>
        {
            await using var hashing = new HashingWriteStream(target);
            await write(hashing, token);
            await hashing.FlushAsync(token);
            size = hashing.BytesWritten;
            sha = hashing.Sha256Hex();
        }, ct);
        return new GeneratedDownload(extension, mediaType, key, size, sha);
    }

    /// <summary>Compresses the stored file (fresh in the page cache) rather than holding extra encoders
    /// open during generation.</summary>
    private async Task PrecompressAsync(string key, CancellationToken ct)
    {
        foreach (var encoding in DownloadEncodings.All)
        {
            await using var source = await _store.OpenAsync(key, ct)
                ?? throw new InvalidOperationException($"The download store lost '{key}' right after writing it.");
            await _store.SaveAsync(encoding.KeyFor(key), async (target, token) =>
            {
                await using var compressor = CreateCompressor(encoding, target);
                await source.Content.CopyToAsync(compressor, 128 * 1024, token);
            }, ct);
        }
    }

    private static Stream CreateCompressor(DownloadEncoding encoding, Stream target) => encoding.ContentCoding switch
    {
        // Brotli's quality 5 is several times faster than its maximum and still beats gzip clearly.
        "br" => new BrotliStream(target, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true),
        "gzip" => new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true),
        _ => throw new NotSupportedException($"No compressor for '{encoding.ContentCoding}'."),
    };

    private async Task DeleteQuietlyAsync(IEnumerable<GeneratedDownload> downloads)
    {
        foreach (var download in downloads)
            foreach (var key in DownloadEncodings.AllKeysOf(download.StorageKey, download.MediaType))
            {
                try { await _store.DeleteAsync(key, CancellationToken.None); }
                catch (Exception) { /* best effort: the original failure is what matters */ }
            }
    }
}
