using System.IO.Compression;
using System.Security.Cryptography;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Exports.Tests;

public class DownloadGeneratorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileSystemDownloadStore _store;

    public DownloadGeneratorTests() => _store = new FileSystemDownloadStore(_folder.Path);

    public void Dispose() => _folder.Dispose();

    /// <summary>The file under the key, or, for a format stored only compressed, its .gz decompressed here.</summary>
    private async Task<byte[]> ReadAsync(string key)
    {
        using var copy = new MemoryStream();
        if (await _store.OpenAsync(key) is { } file)
        {
            await using (file) await file.Content.CopyToAsync(copy);
            return copy.ToArray();
        }
        await using var compressed = await _store.OpenAsync(key + ".gz") ?? throw new FileNotFoundException(key);
        await using var gunzip = new GZipStream(compressed.Content, CompressionMode.Decompress);
        await gunzip.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The zip as the endpoint sends it: put together from the stored files.</summary>
    private async Task<byte[]> ZipAsync(GeneratedDownload zip)
    {
        using var output = new MemoryStream();
        Assert.True(await ZipOnRequest.WriteAsync(_store, zip.StorageKey, output, CancellationToken.None));
        return output.ToArray();
    }

    [Fact]
    public async Task The_zip_is_not_stored_but_its_parts_list_and_its_checksum_are()
    {
        var downloads = await new DownloadGenerator(_store).GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var zip = downloads.Single(d => d.Format == "zip");
        Assert.Equal("org/ds/v1/ds.zip-parts", zip.StorageKey);
        Assert.DoesNotContain(_folder.Files(), f => f.EndsWith(".zip", StringComparison.Ordinal));
        var first = await ZipAsync(zip);
        Assert.Equal(first, await ZipAsync(zip));
        Assert.Equal(zip.ByteSize, first.LongLength);
        Assert.Equal(zip.Sha256, Convert.ToHexStringLower(SHA256.HashData(first)));
        // Deleting the version's downloads removes the parts list too.
        await new DownloadGenerator(_store).DeleteAsync(downloads.Select(d => (d.StorageKey, d.MediaType)), CancellationToken.None);
        Assert.Empty(_folder.Files());
    }

    [Fact]
    public async Task A_command_line_export_still_writes_the_zip_as_a_file()
    {
        var downloads = await new DownloadGenerator(_store, precompress: false, excelCsvAsView: false, zipOnRequest: false).GenerateAsync("org/ds/v1/ds",
            SampleTables.Context, _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        Assert.Equal("org/ds/v1/ds.zip", downloads.Single(d => d.Format == "zip").StorageKey);
        Assert.Contains("org/ds/v1/ds.zip", _folder.Files());
    }

    [Fact]
    public void Crc32_matches_the_standard_and_joins_two_runs_without_reading_them_again()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8)); // the check value of CRC-32/ISO-HDLC
        var random = new Random(7);
        foreach (var (first, second) in new[] { (0, 5), (3, 0), (3, 1_000), (1_000, 3), (70_000, 123_457) })
        {
            var a = new byte[first];
            var b = new byte[second];
            random.NextBytes(a);
            random.NextBytes(b);
            Assert.Equal(Crc32.Compute([.. a, .. b]), Crc32.Combine(Crc32.Compute(a), Crc32.Compute(b), b.Length));
        }
    }

    [Fact]
    public async Task Json_geojson_and_the_swedish_excel_csv_are_stored_only_as_gzip_with_the_checksum_of_the_file_itself()
    {
        var downloads = await new DownloadGenerator(_store).GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var files = _folder.Files();
        foreach (var extension in new[] { "json", "geojson", "excel-sv.csv" })
        {
            var download = downloads.Single(d => d.Format == extension);
            Assert.Equal($"org/ds/v1/ds.{extension}", download.StorageKey);
            Assert.DoesNotContain(download.StorageKey, files);
            Assert.Contains(download.StorageKey + ".gz", files);
            // Independently: the format's own bytes, written again, are what the .gz holds and what is recorded.
            var expected = await Export.ToBytesAsync(ExportFormats.ByExtension(extension)!, SampleTables.Context, SampleTables.Rows);
            Assert.Equal(expected, await ReadAsync(download.StorageKey));
            Assert.Equal(expected.LongLength, download.ByteSize);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), download.Sha256);
        }
        // The CSV is kept as itself too (sent by path, the Excel CSV is a view over it); XLSX and Parquet are compressed already.
        foreach (var kept in new[] { "org/ds/v1/ds.csv", "org/ds/v1/ds.csv.gz", "org/ds/v1/ds.xlsx", "org/ds/v1/ds.parquet" })
            Assert.Contains(kept, files);
        Assert.True(await new DownloadGenerator(_store).IsCompleteAsync(SampleTables.Layout,
            downloads.Select(d => (d.Format, d.StorageKey)).ToList(), CancellationToken.None));

        // Seeking forward decompresses up to the position: what a Range request on an identity download needs.
        var json = downloads.Single(d => d.Format == "json");
        var whole = await ReadAsync(json.StorageKey);
        await using var opened = await StoredDownloads.OpenAsync(_store, json.StorageKey, json.ByteSize) ?? throw new FileNotFoundException();
        Assert.Equal(json.ByteSize, opened.Content.Length);
        opened.Content.Seek(100, SeekOrigin.Begin);
        var part = new byte[50];
        await opened.Content.ReadExactlyAsync(part);
        Assert.Equal(whole[100..150], part);
    }

    [Fact]
    public async Task Records_size_and_sha256_of_exactly_the_stored_bytes()
    {
        var generator = new DownloadGenerator(_store);
        var downloads = await generator.GenerateAsync("harryda/badplatser/v3/badplatser", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);

        Assert.Equal(["csv", "excel.csv", "excel-sv.csv", "json", "geojson", "xlsx", "parquet", "zip"], downloads.Select(d => d.Format));
        Assert.Contains(downloads, d => d.Format == "csv" && d.StorageKey == "harryda/badplatser/v3/badplatser.csv");
        foreach (var download in downloads)
        {
            var bytes = download.Format == "zip" ? await ZipAsync(download) : await ReadAsync(download.StorageKey);
            // The Excel CSV is no file of its own: its bytes are the stored CSV's behind a byte-order mark.
            if (ExcelCsvView.IsViewOfCsv(download.Format, download.StorageKey)) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
            Assert.Equal(bytes.LongLength, download.ByteSize);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), download.Sha256);
            var mediaType = download.Format == ZipBundle.Extension
                ? ZipBundle.MediaType
                : ExportFormats.All.Single(f => f.Extension == download.Format).MediaType;
            Assert.Equal(mediaType, download.MediaType);
        }
    }

    [Fact]
    public async Task The_rows_are_read_once_for_all_formats()
    {
        var calls = 0;
        var rowsRead = 0;
        var downloads = await new DownloadGenerator(_store).GenerateAsync("org/ds/v1/", SampleTables.Context,
            _ => { calls++; return SampleTables.Many(5_000, _ => rowsRead++); }, CancellationToken.None);
        Assert.Equal(1, calls);
        Assert.Equal(5_000, rowsRead);
        Assert.Contains(downloads, d => d.StorageKey == "org/ds/v1/data.geojson");
        // Every format still got every row: the CSV has the header plus one line per row.
        var csv = System.Text.Encoding.UTF8.GetString(await ReadAsync("org/ds/v1/data.csv"));
        Assert.Equal(5_001, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        using var json = System.Text.Json.JsonDocument.Parse(await ReadAsync("org/ds/v1/data.json"));
        Assert.Equal(5_000, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Text_formats_get_a_gzip_variant_with_identical_content_and_no_brotli_copy()
    {
        var downloads = await new DownloadGenerator(_store).GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var csv = downloads.Single(d => d.Format == "csv");
        var original = await ReadAsync(csv.StorageKey);

        using var gunzip = new GZipStream(new MemoryStream(await ReadAsync(csv.StorageKey + ".gz")), CompressionMode.Decompress);
        using var fromGzip = new MemoryStream();
        await gunzip.CopyToAsync(fromGzip);
        Assert.Equal(original, fromGzip.ToArray());

        Assert.DoesNotContain(_folder.Files(), f => f.EndsWith(".br", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_zip_bundle_holds_every_file_byte_for_byte_with_readme_and_schema()
    {
        var context = SampleTables.Context with { FileBaseName = "harryda-badplatser-v3" };
        var downloads = await new DownloadGenerator(_store).GenerateAsync("harryda/badplatser/v3/badplatser", context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var bundle = downloads.Single(d => d.Format == "zip");

        using var zip = new ZipArchive(new MemoryStream(await ZipAsync(bundle)), ZipArchiveMode.Read);
        foreach (var file in downloads.Where(d => d.Format != "zip"))
        {
            var entry = zip.GetEntry($"harryda-badplatser-v3.{file.Format}");
            Assert.NotNull(entry);
            using var content = new MemoryStream();
            await using (var stream = entry.Open()) await stream.CopyToAsync(content);
            // Each entry is exactly the download it stands for (the Excel CSV with its byte-order mark).
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.ToArray())));
            Assert.Equal(file.ByteSize, content.Length);
        }

        using var readmeReader = new StreamReader(zip.GetEntry("README.txt")!.Open());
        var readme = await readmeReader.ReadToEndAsync();
        Assert.StartsWith("Badplatser i Härryda", readme);
        Assert.Contains("Kommunens strandbad, åäö ÅÄÖ.", readme);
        Assert.Contains("http://creativecommons.org/publicdomain/zero/1.0/", readme);
        Assert.Contains("- antal_besokare (integer)", readme);
        Assert.Contains(downloads.Single(d => d.Format == "csv").Sha256, readme);

        using var schemaReader = new StreamReader(zip.GetEntry("schema.json")!.Open());
        var schema = TableSchemaJson.Parse(await schemaReader.ReadToEndAsync());
        // The schema names the columns as every file does and keeps the source's headers as titles.
        Assert.Equal(SampleTables.Layout.ColumnNames.Zip(SampleTables.BathingSites.Fields, (name, f) => (name, f.Type, f.Name)),
            schema.Fields.Select(f => (f.Name, f.Type, f.Title)));
        Assert.Equal(SampleTables.BathingSites.Geometry, schema.Geometry);
    }

    [Fact]
    public async Task Formats_that_do_not_apply_are_left_out()
    {
        var schema = new TableSchema { Fields = [new FieldDefinition { Name = "kommun" }, new FieldDefinition { Name = "kod" }] };
        var context = new ExportContext(new TableLayout(schema), "Kommuner", null, null);
        var downloads = await new DownloadGenerator(_store).GenerateAsync("scb/kommuner/v1/kommuner", context,
            _ => SampleTables.Stream([["Härryda", "1401"]]), CancellationToken.None);
        Assert.DoesNotContain(downloads, d => d.Format == "geojson");
        Assert.Contains(downloads, d => d.Format == "csv");
    }

    [Fact]
    public async Task A_bad_row_fails_every_format_and_leaves_no_file_behind()
    {
        var generator = new DownloadGenerator(_store);
        await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream([.. Enumerable.Repeat(SampleTables.Rows[0], 3_000), ["too short"]]),
            CancellationToken.None));
        Assert.Empty(_folder.Files());
    }

    [Fact]
    public async Task A_failing_read_is_reported_and_leaves_no_file_behind()
    {
        var generator = new DownloadGenerator(_store);
        var failure = await Assert.ThrowsAsync<IOException>(() => generator.GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => FailAfter(2_000), CancellationToken.None));
        Assert.Equal("connection lost", failure.Message);
        Assert.Empty(_folder.Files());

        static async IAsyncEnumerable<object?[]> FailAfter(int rows)
        {
            await foreach (var row in SampleTables.Many(rows)) yield return row;
            throw new IOException("connection lost");
        }
    }

    [Fact]
    public async Task The_excel_csv_is_not_stored_but_recorded_as_the_csv_behind_a_byte_order_mark()
    {
        var downloads = await new DownloadGenerator(_store).GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var files = _folder.Files();
        // The comma "CSV for Excel" is a view; the Swedish semicolon file (.excel-sv.csv) is a format of its own.
        Assert.DoesNotContain(files, f => f.Contains(".excel.csv", StringComparison.Ordinal));
        foreach (var text in new[] { "csv", "json", "geojson" })
            Assert.Contains($"org/ds/v1/ds.{text}.gz", files);
        Assert.DoesNotContain("org/ds/v1/ds.parquet.gz", files);

        // Its size and checksum (what DCAT publishes) are those of the mark plus the CSV, hashed while the CSV was written.
        var excel = downloads.Single(d => d.Format == "excel.csv");
        Assert.Equal("org/ds/v1/ds.csv", excel.StorageKey);
        byte[] expected = [0xEF, 0xBB, 0xBF, .. await ReadAsync("org/ds/v1/ds.csv")];
        Assert.Equal(expected.Length, excel.ByteSize);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)), excel.Sha256);
        Assert.True(ExcelCsvView.IsViewOfCsv(excel.Format, excel.StorageKey));
    }

    [Fact]
    public async Task A_command_line_export_still_writes_the_excel_csv_as_a_file()
    {
        var downloads = await new DownloadGenerator(_store, precompress: false, excelCsvAsView: false).GenerateAsync("org/ds/v1/ds",
            SampleTables.Context, _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        var excel = downloads.Single(d => d.Format == "excel.csv");
        Assert.Equal("org/ds/v1/ds.excel.csv", excel.StorageKey);
        Assert.False(ExcelCsvView.IsViewOfCsv(excel.Format, excel.StorageKey));
        Assert.Equal([0xEF, 0xBB, 0xBF, .. await ReadAsync("org/ds/v1/ds.csv")], await ReadAsync("org/ds/v1/ds.excel.csv"));
    }

    [Fact]
    public async Task The_view_reads_and_seeks_like_the_file_it_stands_for()
    {
        var csv = "a,b\r\n1,2\r\n"u8.ToArray();
        byte[] whole = [0xEF, 0xBB, 0xBF, .. csv];
        await using var view = ExcelCsvView.Open(new MemoryStream(csv));
        Assert.Equal(whole.Length, view.Length);
        using var all = new MemoryStream();
        await view.CopyToAsync(all);
        Assert.Equal(whole, all.ToArray());
        foreach (var start in new[] { 0, 1, 3, 5 })
        {
            view.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[4];
            var read = 0;
            while (read < buffer.Length && await view.ReadAsync(buffer.AsMemory(read)) is var n and > 0) read += n;
            Assert.Equal(whole.AsSpan(start, 4).ToArray(), buffer);
        }
    }

    [Fact]
    public async Task Delete_removes_files_and_their_compressed_variants()
    {
        var generator = new DownloadGenerator(_store);
        var downloads = await generator.GenerateAsync("org/ds/v1/ds", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);
        Assert.Contains("org/ds/v1/ds.csv.gz", _folder.Files());
        // A .br copy an earlier version stored is removed with it.
        await File.WriteAllBytesAsync(Path.Combine(_folder.Path, "org/ds/v1/ds.csv.br"), [1]);
        await generator.DeleteAsync(downloads.Select(d => (d.StorageKey, d.MediaType)), CancellationToken.None);
        Assert.Empty(_folder.Files());
    }
}
