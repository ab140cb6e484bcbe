using System.Globalization;
using System.IO.Compression;
using System.Text;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The "all formats" zip: every generated file of a version plus README.txt and schema.json.
/// Normally built from the files already in the download store (so rows are not read again); while a
/// version's files do not exist yet it can also be built live, each format streaming the rows itself.
/// Written forward-only, so it streams to any output. Not an <see cref="IExportFormat"/>: it needs
/// the other formats' finished files rather than the rows.
/// </summary>
public sealed class ZipBundle
{
    public const string Extension = "zip";
    public const string MediaType = "application/zip";
    public const string ReadmeName = "README.txt";
    public const string SchemaName = "schema.json";

    private const int CopyBufferSize = 128 * 1024;

    /// <summary>One file in the bundle and how its bytes are produced.</summary>
    private sealed record Entry(string Format, CompressionLevel Level, Func<Stream, CancellationToken, Task> WriteAsync);

    /// <summary>The bundle of files already in <paramref name="store"/>.</summary>
    public Task WriteAsync(Stream output, ExportContext context, IReadOnlyList<GeneratedDownload> files,
        IDownloadStore store, CancellationToken ct)
    {
        var entries = files.Select(file => new Entry(file.Format, LevelFor(file.MediaType), async (target, token) =>
        {
            await using var stored = await StoredDownloads.OpenAsync(store, file.StorageKey, file.ByteSize, token)
                ?? throw new InvalidOperationException($"The bundle needs '{file.StorageKey}', which is not in the download store.");
            await using var content = ExcelCsvView.IsViewOfCsv(file.Format, file.StorageKey) ? ExcelCsvView.Open(stored.Content) : stored.Content;
            await content.CopyToAsync(target, CopyBufferSize, token);
        }));
        return WriteEntriesAsync(output, context, Readme(context, BaseNameOf(context), files), entries, ct);
    }

    /// <summary>The bundle produced on the fly: each format writes its entry from a fresh read of the rows.</summary>
    public Task WriteLiveAsync(Stream output, ExportContext context, IReadOnlyList<IExportFormat> formats,
        Func<CancellationToken, IAsyncEnumerable<object?[]>> rows, CancellationToken ct)
    {
        var applicable = formats.Where(f => f.Applies(context.Layout)).ToList();
        var entries = applicable.Select(format => new Entry(format.Extension, LevelFor(format.MediaType),
            (target, token) => format.WriteAsync(target, context, rows(token), token)));
        var listed = applicable.Select(f => new GeneratedDownload(f.Extension, f.MediaType, "", -1, "")).ToList();
        return WriteEntriesAsync(output, context, Readme(context, BaseNameOf(context), listed), entries, ct);
    }

    /// <summary>Already-compressed formats only get slower and no smaller when deflated again; text is
    /// deflated at the fastest level, which keeps most of the gain at a fraction of the CPU.</summary>
    private static CompressionLevel LevelFor(string mediaType) =>
        DownloadEncodings.IsCompressible(mediaType) ? CompressionLevel.Fastest : CompressionLevel.NoCompression;

    internal static string BaseNameOf(ExportContext context) =>
        string.IsNullOrWhiteSpace(context.FileBaseName) ? "data" : context.FileBaseName;

    private static async Task WriteEntriesAsync(Stream output, ExportContext context, string readme, IEnumerable<Entry> entries, CancellationToken ct)
    {
        var baseName = BaseNameOf(context);
        using var spool = new SpooledOutput(output);
        using (var zip = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            WriteText(zip, ReadmeName, readme);
            WriteText(zip, SchemaName, TableSchemaJson.Serialize(context.Layout.Schema, indented: true));
            await spool.DrainAsync(ct);

            foreach (var entry in entries)
            {
                await using (var content = zip.CreateEntry($"{baseName}.{entry.Format}", entry.Level).Open())
                await using (var draining = new DrainingEntryStream(content, spool))
                {
                    await entry.WriteAsync(draining, ct);
                }
                await spool.DrainAsync(ct);
            }
        }
        await spool.DrainAsync(ct);
    }

    /// <summary>A zip entry's stream (synchronous, into the spool) that drains the spool to the real
    /// output whenever it fills, so an asynchronous writer can fill an entry with bounded memory.</summary>
    private sealed class DrainingEntryStream(Stream entry, SpooledOutput spool) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => entry.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => entry.Write(buffer);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            entry.Write(buffer.Span);
            await spool.DrainIfFullAsync(cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => spool.DrainIfFullAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(new UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>Plain-text description a person can read without any tool. A file with a negative
    /// size (a bundle built live) is listed without size and checksum.</summary>
    internal static string Readme(ExportContext context, string baseName, IReadOnlyList<GeneratedDownload> files)
    {
        var text = new StringBuilder();
        text.AppendLine(context.DatasetTitle);
        text.AppendLine(new string('=', Math.Max(3, context.DatasetTitle.Length)));
        text.AppendLine();
        if (!string.IsNullOrWhiteSpace(context.Description)) text.AppendLine(context.Description.Trim()).AppendLine();
        if (context.Publisher is { } publisher) text.AppendLine($"Utgivare / Publisher: {publisher}");
        if (context.VersionNumber is { } version) text.AppendLine($"Version: {version}");
        if (context.PublishedAt is { } published) text.AppendLine($"Publicerad / Published: {CellText.DateTime(published)}");
        text.AppendLine($"Licens / Licence: {context.License ?? "(ej angiven / not stated)"}");
        if (context.LandingPage is { } page) text.AppendLine($"Mer information / More information: {page}");
        text.AppendLine();

        text.AppendLine("Kolumner / Columns");
        text.AppendLine("------------------");
        text.AppendLine("Samma kolumnnamn i alla filer och i OData och OGC API; efter kolonet står rubriken i källan.");
        text.AppendLine("The same column names in every file and in OData and OGC API; after the colon is the source's header.");
        foreach (var field in context.Layout.Schema.Fields)
        {
            var type = FieldTypeClr.TableSchemaName(field.Type);
            var title = field.Title ?? field.TitleEn;
            text.Append($"- {field.Name} ({type}{(field.Constraints.Required ? ", obligatorisk/required" : "")})");
            if (title is not null) text.Append($": {title}");
            text.AppendLine();
            var description = field.Description ?? field.DescriptionEn;
            if (!string.IsNullOrWhiteSpace(description)) text.AppendLine($"    {description.Trim()}");
        }
        if (context.Layout.Schema.Geometry is { } geometry)
            text.AppendLine($"Koordinater / Coordinates: WGS84 (EPSG:4326), latitud = {geometry.LatitudeField}, longitud = {geometry.LongitudeField}.");
        text.AppendLine();

        text.AppendLine("Filer / Files");
        text.AppendLine("-------------");
        text.AppendLine($"- {SchemaName}: Table Schema (Frictionless) for the columns above.");
        foreach (var file in files)
            text.AppendLine(file.ByteSize < 0
                ? $"- {baseName}.{file.Format} ({file.MediaType})"
                : string.Create(CultureInfo.InvariantCulture, $"- {baseName}.{file.Format} ({file.MediaType}, {file.ByteSize} bytes, SHA-256 {file.Sha256})"));
        text.AppendLine();
        text.AppendLine("CSV: UTF-8, comma separated (RFC 4180), exactly the data; the excel.csv variant carries a byte-order mark for Excel;");
        text.AppendLine("excel-sv.csv is for Excel with a Swedish locale: semicolon separated, decimal commas, byte-order mark.");
        text.AppendLine("In both files for Excel, text that Excel would run as a formula (starting with = + - @) starts with ' and stays text.");
        text.AppendLine("Dates and times are ISO 8601 / RFC 3339 and keep their UTC offset in CSV and JSON;");
        text.AppendLine("XLSX shows the clock time as published, Parquet stores UTC instants.");
        return text.ToString();
    }
}
