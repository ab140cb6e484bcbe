using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports.Formats;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Generates every applicable download of one version into the download store, once, right after it is
/// published. The rows are read once and handed in batches to every format, each writing on its own
/// task (a bounded channel per format keeps memory constant and lets the slowest writer set the pace).
/// Each file is hashed while written; text formats also get a .gz variant for serving (see
/// <see cref="DownloadEncodings"/>), compressed in the same pass, and some are stored only as that
/// (<see cref="StoredDownloads"/>); last comes the zip of all files with README.txt and schema.json.
/// </summary>
public sealed class DownloadGenerator
{
    /// <summary>Rows per batch handed to the format writers: large enough that channel hand-offs cost
    /// nothing per row, small enough that the batches in flight stay a few megabytes.</summary>
    private const int BatchSize = 256;

    /// <summary>Batches a writer may lag behind the reader.</summary>
    private const int BatchesInFlight = 4;

    private readonly IDownloadStore _store;
    private readonly IReadOnlyList<IExportFormat> _formats;
    private readonly bool _precompress;
    private readonly bool _bundle;
    private readonly bool _excelCsvAsView;
    private readonly bool _zipOnRequest;

    /// <param name="formats">Defaults to <see cref="ExportFormats.All"/>.</param>
    /// <param name="precompress">Whether to store .br/.gz variants of text formats.</param>
    /// <param name="bundle">Whether to add the zip of all formats (<see cref="ZipBundle"/>).</param>
    /// <param name="excelCsvAsView">Whether the Excel CSV is recorded as a view over the stored CSV
    /// (<see cref="ExcelCsvView"/>, served behind a byte-order mark) instead of a file of its own; a command-line
    /// export writing files for people wants the file.</param>
    /// <param name="zipOnRequest">Whether the zip is put together on each request from the stored files
    /// (<see cref="ZipOnRequest"/>) instead of stored; a command-line export wants the file.</param>
    public DownloadGenerator(IDownloadStore store, IReadOnlyList<IExportFormat>? formats = null, bool precompress = true,
        bool bundle = true, bool excelCsvAsView = true, bool zipOnRequest = true)
    {
        _zipOnRequest = zipOnRequest;
        _excelCsvAsView = excelCsvAsView;
        _store = store;
        _formats = formats ?? ExportFormats.All;
        _precompress = precompress;
        _bundle = bundle;
    }

    /// <summary>
    /// Writes the files under <paramref name="keyPrefix"/>: each key is the prefix plus "." and the
    /// format's extension (a prefix ending in '/' gets the base name "data"), e.g.
    /// <c>exempelkommun/badplatser/v3.csv</c>. On failure, files already written by this call are
    /// removed again and the exception is rethrown.
    /// </summary>
    /// <param name="rows">Called once; the rows are shared by all formats and must not change afterwards.</param>
    public async Task<IReadOnlyList<GeneratedDownload>> GenerateAsync(string keyPrefix, ExportContext context,
        Func<CancellationToken, IAsyncEnumerable<object?[]>> rows, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var basePrefix = keyPrefix.EndsWith('/') ? keyPrefix + "data" : keyPrefix;
        var applicable = _formats.Where(f => f.Applies(context.Layout)).ToList();
        // The Excel CSV is the plain CSV behind a byte-order mark: copied from it, not formatted again.
        var excelFromCsv = applicable.Contains(ExportFormats.Csv) && applicable.Contains(ExportFormats.CsvForExcel);
        var formats = excelFromCsv ? applicable.Where(f => !ReferenceEquals(f, ExportFormats.CsvForExcel)).ToList() : applicable;
        var generated = new List<GeneratedDownload>();
        // Hashed while the CSV is written: the view's bytes are the mark plus exactly those.
        var excelView = excelFromCsv && _excelCsvAsView ? ExcelCsvView.StartHash() : null;
        // Where the cells start that the Excel CSV guards against formulas (SpreadsheetFormulaGuard).
        var formulaCells = excelFromCsv ? new FormulaCellPositions() : null;

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channels = formats.Select(_ => Channel.CreateBounded<object?[][]>(
            new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true })).ToList();
        var writers = formats.Select((format, i) => Task.Run(async () =>
        {
            try
            {
                var isCsv = ReferenceEquals(format, ExportFormats.Csv);
                return await SaveFormatAsync(format, $"{basePrefix}.{format.Extension}", context, Unbatch(channels[i].Reader, abort.Token),
                    isCsv ? excelView : null, isCsv ? formulaCells : null, abort.Token);
            }
            catch
            {
                // A writer that stops reading would otherwise leave the reader blocked on its full channel.
                await abort.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToList();

        Exception? readFailure = null;
        try
        {
            await DistributeAsync(rows(abort.Token), channels, abort.Token);
        }
        catch (Exception ex)
        {
            readFailure = ex;
            await abort.CancelAsync();
        }
        foreach (var channel in channels) channel.Writer.TryComplete(readFailure);

        try
        {
            await Task.WhenAll(writers);
        }
        catch
        {
            // Keep what succeeded only long enough to delete it; report the cause, not the cancellations it caused.
        }
        generated.AddRange(writers.Where(w => w.IsCompletedSuccessfully).Select(w => w.Result));
        var failure = FirstCause(readFailure, writers, ct);
        try
        {
            if (failure is not null) throw failure;
            if (excelView is not null && formulaCells!.Count == 0)
            {
                // No cell to guard: the Excel CSV is exactly the mark plus the CSV, so it is a view, not a file.
                var csv = generated.Single(g => g.Format == ExportFormats.Csv.Extension);
                generated.Add(new GeneratedDownload(ExportFormats.CsvForExcel.Extension, ExportFormats.CsvForExcel.MediaType, csv.StorageKey,
                    excelView.BytesWritten, excelView.Sha256Hex()));
            }
            else if (excelFromCsv)
            {
                // Cells a spreadsheet would run as formulas: the Excel CSV is the CSV with their guard marks, a file of its own.
                var csv = generated.Single(g => g.Format == ExportFormats.Csv.Extension);
                generated.Add(await SaveHashedAsync($"{basePrefix}.{ExportFormats.CsvForExcel.Extension}", ExportFormats.CsvForExcel.Extension,
                    ExportFormats.CsvForExcel.MediaType, (stream, token) => CopyGuardedAsync(csv.StorageKey, formulaCells!, stream, token), ct));
            }
            // In the configured format order, whichever writer finished first.
            generated.Sort((a, b) => applicable.FindIndex(f => f.Extension == a.Format).CompareTo(applicable.FindIndex(f => f.Extension == b.Format)));
            if (_bundle)
            {
                // Served on request from the stored files (ZipOnRequest); stored as a file only for a command-line
                // export, or when it would need Zip64.
                var files = generated.ToList();
                generated.Add(_zipOnRequest && ZipOnRequest.Fits(files)
                    ? await ZipOnRequest.SaveAsync(_store, basePrefix, context, files, ct)
                    : await SaveHashedAsync($"{basePrefix}.{ZipBundle.Extension}", ZipBundle.Extension, ZipBundle.MediaType,
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

    private async Task CopyGuardedAsync(string csvKey, FormulaCellPositions formulaCells, Stream output, CancellationToken ct)
    {
        await using var csv = await _store.OpenAsync(csvKey, ct)
            ?? throw new InvalidOperationException($"The download store lost '{csvKey}' right after writing it.");
        await ExcelCsvView.WriteGuardedAsync(csv.Content, formulaCells, output, ct);
    }

    /// <summary>Reads the rows once and hands each batch to every format's channel.</summary>
    private static async Task DistributeAsync(IAsyncEnumerable<object?[]> rows, IReadOnlyList<Channel<object?[][]>> channels, CancellationToken ct)
    {
        var batch = new List<object?[]>(BatchSize);
        await foreach (var row in rows.WithCancellation(ct))
        {
            batch.Add(row);
            if (batch.Count < BatchSize) continue;
            await SendAsync(batch.ToArray());
            batch.Clear();
        }
        if (batch.Count > 0) await SendAsync(batch.ToArray());

        async Task SendAsync(object?[][] rowsOfBatch)
        {
            foreach (var channel in channels) await channel.Writer.WriteAsync(rowsOfBatch, ct);
        }
    }

    private static async IAsyncEnumerable<object?[]> Unbatch(ChannelReader<object?[][]> batches, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var batch in batches.ReadAllAsync(ct))
            foreach (var row in batch) yield return row;
    }

    /// <summary>The exception that explains the failure: the reader's or a writer's own, before any
    /// cancellation that followed from it; null when everything succeeded.</summary>
    private static Exception? FirstCause(Exception? readFailure, IReadOnlyList<Task<GeneratedDownload>> writers, CancellationToken ct)
    {
        var writerFailures = writers.Where(w => w.IsFaulted || w.IsCanceled)
            .Select(w => w.Exception?.InnerException ?? new OperationCanceledException(ct)).ToList();
        var all = (readFailure is null ? writerFailures : writerFailures.Prepend(readFailure)).ToList();
        if (all.Count == 0) return null;
        if (ct.IsCancellationRequested) return new OperationCanceledException(ct);
        return all.FirstOrDefault(e => e is not OperationCanceledException) ?? all[0];
    }

    /// <summary>One format's file, with its compressed variants written in the same pass.</summary>
    private Task<GeneratedDownload> SaveFormatAsync(IExportFormat format, string key, ExportContext context,
        IAsyncEnumerable<object?[]> rows, Stream? alsoHash, FormulaCellPositions? formulaCells, CancellationToken ct)
    {
        Func<Stream, CancellationToken, Task> write = (output, token) => formulaCells is not null && format is CsvExportFormat csv
            ? csv.WriteAsync(output, context, rows, formulaCells, token)
            : format.WriteAsync(output, context, rows, token);
        var encodings = Precompressed(format) ? DownloadEncodings.All : [];
        if (encodings.Count > 0 && alsoHash is null && !StoredDownloads.StoresIdentity(format))
            return SaveCompressedOnlyAsync(key, format, encodings[0], write, ct);
        return SaveHashedAsync(key, format.Extension, format.MediaType,
            (hashing, token) => WriteWithVariantsAsync(key, encodings, alsoHash is null ? [hashing] : [hashing, alsoHash], write, token), ct);
    }

    /// <summary>A format stored only compressed (<see cref="StoredDownloads"/>): the size and SHA-256 recorded, and
    /// published in DCAT, are still those of the uncompressed file, hashed as it is written.</summary>
    private async Task<GeneratedDownload> SaveCompressedOnlyAsync(string key, IExportFormat format, DownloadEncoding encoding,
        Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        long size = 0;
        var sha = "";
        await _store.SaveAsync(encoding.KeyFor(key), async (target, token) =>
        {
            await using var hashing = new HashingWriteStream(Stream.Null);
            await using (var compressor = CreateCompressor(encoding, target))
            await using (var tee = new TeeWriteStream([hashing, compressor]))
            {
                await write(tee, token);
            }
            size = hashing.BytesWritten;
            sha = hashing.Sha256Hex();
        }, ct);
        return new GeneratedDownload(format.Extension, format.MediaType, key, size, sha);
    }

    /// <summary>
    /// Text formats get compressed variants, except the Excel CSV: it is the plain CSV plus a byte-order
    /// mark, fetched by people opening it in a spreadsheet, and compressing it again would cost as much
    /// as the CSV's own variants for little use (it is still served, uncompressed).
    /// </summary>
    private bool Precompressed(IExportFormat format) =>
        _precompress && DownloadEncodings.IsCompressible(format.MediaType) && !ReferenceEquals(format, ExportFormats.CsvForExcel);

    /// <summary>Opens one store write per compressed variant (nested, so each commits only when the
    /// whole file was written) and lets the format write once into all of them.</summary>
    private Task WriteWithVariantsAsync(string key, IReadOnlyList<DownloadEncoding> encodings, IReadOnlyList<Stream> targets,
        Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        if (encodings.Count == 0)
            return WriteTeeAsync(targets, write, ct);
        var encoding = encodings[0];
        return _store.SaveAsync(encoding.KeyFor(key), async (variant, token) =>
        {
            await using var compressor = CreateCompressor(encoding, variant);
            await WriteWithVariantsAsync(key, encodings.Skip(1).ToList(), [.. targets, compressor], write, token);
        }, ct);
    }

    private static async Task WriteTeeAsync(IReadOnlyList<Stream> targets, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        if (targets.Count == 1)
        {
            await write(targets[0], ct);
            return;
        }
        await using var tee = new TeeWriteStream(targets);
        await write(tee, ct);
    }

    /// <summary>The formats (extensions) a complete set of downloads for this layout has.</summary>
    public IReadOnlyList<string> PlannedFormats(TableLayout layout) =>
        [.. _formats.Where(f => f.Applies(layout)).Select(f => f.Extension), .. _bundle ? new[] { ZipBundle.Extension } : []];

    /// <summary>Whether every planned format is recorded and each recorded file is in the store.</summary>
    public async Task<bool> IsCompleteAsync(TableLayout layout, IReadOnlyCollection<(string Format, string StorageKey)> recorded, CancellationToken ct)
    {
        if (PlannedFormats(layout).Any(format => recorded.All(r => r.Format != format))) return false;
        foreach (var (_, key) in recorded)
            if (!await StoredDownloads.ExistsAsync(_store, key, ct)) return false;
        return true;
    }

    /// <summary>The media type of the download with this extension for the layout, or null when the
    /// generator would not make one.</summary>
    public string? MediaTypeOf(string extension, TableLayout layout)
    {
        if (_bundle && string.Equals(extension, ZipBundle.Extension, StringComparison.OrdinalIgnoreCase)) return ZipBundle.MediaType;
        return _formats.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase) && f.Applies(layout))?.MediaType;
    }

    /// <summary>
    /// Writes one download straight to <paramref name="output"/> without storing it: how a version is
    /// served before its files exist. The bytes are those the stored file would have (the zip's README
    /// lists its files without sizes and checksums).
    /// </summary>
    public Task WriteLiveAsync(string extension, Stream output, ExportContext context,
        Func<CancellationToken, IAsyncEnumerable<object?[]>> rows, CancellationToken ct)
    {
        if (_bundle && string.Equals(extension, ZipBundle.Extension, StringComparison.OrdinalIgnoreCase))
            return new ZipBundle().WriteLiveAsync(output, context, _formats, rows, ct);
        var format = _formats.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase) && f.Applies(context.Layout))
            ?? throw new ArgumentException($"No download '{extension}' for this table.", nameof(extension));
        return format.WriteAsync(output, context, rows(ct), ct);
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

    /// <summary>Compression levels chosen for generation speed: the variants are written in the same
    /// pass as the file, so they cost CPU on every publish. Measured on badplatser CSV (50 MB, .NET 10):
    /// gzip fastest 900 MB/s at 8.8 % of the size (optimal: 240 MB/s, 6.1 %); brotli quality 1
    /// 580 MB/s at 5.1 % (quality 5: 50 MB/s, 3.9 %), so brotli still beats gzip's best.</summary>
    private static Stream CreateCompressor(DownloadEncoding encoding, Stream target) => encoding.ContentCoding switch
    {
        "br" => new BrotliStream(target, new BrotliCompressionOptions { Quality = 1 }, leaveOpen: true),
        "gzip" => new GZipStream(target, CompressionLevel.Fastest, leaveOpen: true),
        _ => throw new NotSupportedException($"No compressor for '{encoding.ContentCoding}'."),
    };

    private async Task DeleteQuietlyAsync(IEnumerable<GeneratedDownload> downloads)
    {
        foreach (var download in downloads.Where(d => !ExcelCsvView.IsViewOfCsv(d.Format, d.StorageKey)))
            foreach (var key in DownloadEncodings.AllKeysOf(download.StorageKey, download.MediaType))
            {
                try { await _store.DeleteAsync(key, CancellationToken.None); }
                catch (Exception) { /* best effort: the original failure is what matters */ }
            }
    }
}
