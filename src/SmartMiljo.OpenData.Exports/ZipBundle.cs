using System.Globalization;
using System.IO.Compression;
using System.Text;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The "all formats" zip: every generated file of a version plus README.txt and schema.json.
/// Built from the files already in the download store (so rows are not read again), and
/// written forward-only, so it streams to any output. Not an <see cref="IExportFormat"/>: it
/// needs the other formats' finished files rather than the rows.
/// </summary>
public sealed class ZipBundle
{
    public const string Extension = "zip";
    public const string MediaType = "application/zip";
    public const string ReadmeName = "README.txt";
    public const string SchemaName = "schema.json";

    private const int CopyBufferSize = 128 * 1024;

    public async Task WriteAsync(Stream output, ExportContext context, IReadOnlyList<GeneratedDownload> files,
        IDownloadStore store, CancellationToken ct)
    {
        var baseName = string.IsNullOrWhiteSpace(context.FileBaseName) ? "data" : context.FileBaseName;
        using var spool = new SpooledOutput(output);
        using (var zip = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            WriteText(zip, ReadmeName, Readme(context, baseName, files));
            WriteText(zip, SchemaName, TableSchemaJson.Serialize(context.Layout.Schema, indented: true));
            await spool.DrainAsync(ct);

            foreach (var file in files)
            {
                await using var stored = await store.OpenAsync(file.StorageKey, ct)
                    ?? throw new InvalidOperationException($"The bundle needs '{file.StorageKey}', which is not in the download store.");
                // Already-compressed formats only get slower and no smaller when deflated again.
                var level = DownloadEncodings.IsCompressible(file.MediaType) ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
                await using (var entry = zip.CreateEntry($"{baseName}.{file.Format}", level).Open())
                {
                    var buffer = new byte[CopyBufferSize];
                    int read;
                    while ((read = await stored.Content.ReadAsync(buffer, ct)) > 0)
                    {
                        entry.Write(buffer, 0, read);
                        await spool.DrainIfFullAsync(ct);
                    }
                }
                await spool.DrainAsync(ct);
            }
        }
        await spool.DrainAsync(ct);
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(new UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>Plain-text description a person can read without any tool.</summary>
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
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- {baseName}.{file.Format} ({file.MediaType}, {file.ByteSize} bytes, SHA-256 {file.Sha256})"));
        text.AppendLine();
        text.AppendLine("CSV: UTF-8, comma separated (RFC 4180); the excel.csv variant carries a byte-order mark for Excel.");
        text.AppendLine("Dates and times are ISO 8601 / RFC 3339 and keep their UTC offset in CSV and JSON;");
        text.AppendLine("XLSX shows the clock time as published, Parquet stores UTC instants.");
        return text.ToString();
    }
}
