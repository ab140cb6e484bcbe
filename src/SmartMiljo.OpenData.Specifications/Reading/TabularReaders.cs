using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Reading.Json;
using SmartMiljo.OpenData.Specifications.Reading.Xlsx;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>The file formats read as tables.</summary>
public enum TabularFormat { Csv, Xlsx, GeoJson }

/// <summary>How a file is read, beyond what is sniffed.</summary>
public sealed record TabularReadOptions
{
    /// <summary>The worksheet of a workbook to read; the first when null.</summary>
    public string? Sheet { get; init; }

    /// <summary>A workbook whose parts unpack to more than this is refused (a compression bomb).</summary>
    public long MaxUnpackedBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    public CsvReadOptions? Csv { get; init; }
}

/// <summary>
/// The one place that knows which reader reads which file: the wizard, the harvester and the CLI
/// all open tables here. The format is told from the file's first bytes (a zip package is a
/// workbook, a JSON object a GeoJSON feature collection, anything else is read as CSV, which
/// refuses binaries with a clear message); the name's extension only settles what the bytes leave open.
/// </summary>
public static class TabularReaders
{
    private static readonly byte[] ZipSignature = "PK\x03\x04"u8.ToArray();

    /// <summary>The format of a file from its first bytes (up to 512 are enough) and, when given, its name.</summary>
    public static TabularFormat Sniff(ReadOnlySpan<byte> head, string? fileName = null)
    {
        if (head.StartsWith(ZipSignature)) return TabularFormat.Xlsx;
        var text = head;
        if (text.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF])) text = text[3..];
        text = text.TrimStart(" \t\r\n"u8);
        if (!text.IsEmpty && text[0] is (byte)'{' or (byte)'[') return TabularFormat.GeoJson;
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        // An empty or unreadable start is left to the reader the name points to, for its own message.
        return text.IsEmpty && extension is ".geojson" or ".json" ? TabularFormat.GeoJson
            : text.IsEmpty && extension == ".xlsx" ? TabularFormat.Xlsx
            : TabularFormat.Csv;
    }

    public static async Task<TabularFormat> SniffAsync(string path, CancellationToken ct = default)
    {
        var head = new byte[512];
        int n;
        await using (var file = File.OpenRead(path)) n = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        return Sniff(head.AsSpan(0, n), path);
    }

    /// <summary>Opens a local file as a table in the format its content has.</summary>
    public static async Task<ITabularSource> OpenAsync(string path, TabularReadOptions? options = null, CancellationToken ct = default) =>
        await OpenAsync(path, await SniffAsync(path, ct).ConfigureAwait(false), options, ct).ConfigureAwait(false);

    /// <summary>Opens a local file as a table in the given format. Content that cannot be read as
    /// one ends in a <see cref="TabularReadException"/>.</summary>
    public static async Task<ITabularSource> OpenAsync(string path, TabularFormat format, TabularReadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TabularReadOptions();
        switch (format)
        {
            case TabularFormat.Xlsx:
                return XlsxTabularSource.Open(path, options.Sheet, options.MaxUnpackedBytes, (options.Csv ?? new CsvReadOptions()).MaxColumns);
            case TabularFormat.GeoJson:
                return await GeoJsonTabularSource.OpenAsync(
                    () => new JsonArrayStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), ["features"]),
                    ct).ConfigureAwait(false);
            default:
                // Plain synchronous reads straight into the reader's own large buffer: a local file needs no
                // async hand-off per read or a second buffer. The CSV source owns the stream and disposes it,
                // and is returned as it is (not wrapped) so the validator can take its byte path for UTF-8.
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
                try
                {
                    return await CsvTabularSource.OpenAsync(stream, options.Csv, ct).ConfigureAwait(false);
                }
                catch
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
        }
    }
}

/// <summary>A tabular source that disposes the stream it reads together with the reader.</summary>
public sealed class StreamOwningSource(ITabularSource inner, Stream stream) : ITabularSource
{
    public IReadOnlyList<string> Header => inner.Header;
    public IReadOnlyDictionary<string, string> Facts => inner.Facts;
    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await stream.DisposeAsync();
    }
}
