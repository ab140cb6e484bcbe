using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>Two published versions of Härryda's bathing sites, generated for real and served over HTTP.</summary>
public class DownloadSiteFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private DownloadServer? _server;

    public static readonly DateTimeOffset Version1Published = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Version2Published = new(2024, 6, 21, 7, 30, 0, TimeSpan.Zero);

    public IDownloadStore Store { get; private set; } = null!;
    public IReadOnlyList<GeneratedDownload> Version1 { get; private set; } = [];
    public IReadOnlyList<GeneratedDownload> Version2 { get; private set; } = [];
    public HttpClient Client => _server!.Client;

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        var generator = new DownloadGenerator(Store);
        Version1 = await generator.GenerateAsync("harryda/badplatser/v1/badplatser", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows.Take(1)), CancellationToken.None);
        Version2 = await generator.GenerateAsync("harryda/badplatser/v2/badplatser", SampleTables.Context with { PublishedAt = Version2Published },
            _ => SampleTables.Many(20_000), CancellationToken.None);
        var lakes = await generator.GenerateAsync("harryda/sjöar/v1/sjöar", SampleTables.Context,
            _ => SampleTables.Stream(SampleTables.Rows), CancellationToken.None);

        var datasets = new InMemoryPublishedDatasets(
        [
            Published("badplatser", 1, Version1, Version1Published),
            Published("badplatser", 2, Version2, Version2Published),
            Published("sjöar", 1, lakes, Version2Published),
        ]);
        _server = await DownloadServer.StartAsync(datasets, Store);
    }

    private static PublishedDataset Published(string slug, int version, IReadOnlyList<GeneratedDownload> files, DateTimeOffset at) => new()
    {
        DatasetId = Guid.NewGuid(),
        OrganisationSlug = "harryda",
        OrganisationName = "Härryda kommun",
        DatasetSlug = slug,
        Title = "Badplatser",
        VersionNumber = version,
        TableName = $"t_{slug}_{version}",
        Schema = SampleTables.BathingSites,
        RowCount = 0,
        PublishedAt = at,
        Distributions = files.Select(f => new PublishedDistribution(f.Format, f.MediaType, f.StorageKey, f.ByteSize, f.Sha256, at)).ToList(),
    };

    /// <summary>The store the files are generated into and served from; a subclass runs the same tests on another.</summary>
    protected virtual Task<IDownloadStore> CreateStoreAsync() =>
        Task.FromResult<IDownloadStore>(new FileSystemDownloadStore(_folder.Path));

    public async Task<byte[]> StoredBytesAsync(string key)
    {
        await using var file = await Store.OpenAsync(key) ?? throw new FileNotFoundException(key);
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        (Store as IDisposable)?.Dispose();
        _folder.Dispose();
    }
}

public class DownloadEndpointsTests(DownloadSiteFixture site) : IClassFixture<DownloadSiteFixture>
{
    private HttpClient Client => site.Client;
    private GeneratedDownload Current(string format) => site.Version2.Single(d => d.Format == format);

    private static HttpRequestMessage Get(string url, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.Invoke(request.Headers);
        return request;
    }

    [Fact]
    public async Task Current_version_is_served_with_type_validators_and_attachment_name()
    {
        var csv = Current("csv");
        using var response = await Client.GetAsync("/download/harryda/badplatser.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await site.StoredBytesAsync(csv.StorageKey), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(csv.ByteSize, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{csv.Sha256}\"", response.Headers.ETag!.Tag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Equal(DownloadSiteFixture.Version2Published, response.Content.Headers.LastModified);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("harryda-badplatser-v2.csv", response.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Older_versions_have_their_own_url_and_are_cached_as_immutable()
    {
        var csv = site.Version1.Single(d => d.Format == "csv");
        using var response = await Client.GetAsync("/download/harryda/badplatser/v1.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await site.StoredBytesAsync(csv.StorageKey), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("harryda-badplatser-v1.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.True(response.Headers.CacheControl!.Extensions.Any(e => e.Name == "immutable"));
        Assert.NotEqual(Current("csv").Sha256, csv.Sha256);
    }

    [Theory]
    [InlineData("excel.csv", "text/csv; charset=utf-8")]
    [InlineData("json", "application/json")]
    [InlineData("geojson", "application/geo+json")]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("parquet", "application/vnd.apache.parquet")]
    [InlineData("zip", "application/zip")]
    public async Task Every_generated_format_has_its_url_and_media_type(string extension, string mediaType)
    {
        using var response = await Client.GetAsync($"/download/harryda/badplatser.{extension}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Current(extension).Sha256, Convert.ToHexStringLower(SHA256.HashData(body)));
    }

    [Fact]
    public async Task A_matching_etag_or_unchanged_date_gives_304_without_a_body()
    {
        var etag = $"\"{Current("csv").Sha256}\"";
        using var byTag = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.IfNoneMatch.Add(new EntityTagHeaderValue(etag))));
        Assert.Equal(HttpStatusCode.NotModified, byTag.StatusCode);
        Assert.Empty(await byTag.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, byTag.Headers.ETag!.Tag);

        using var byDate = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.IfModifiedSince = DownloadSiteFixture.Version2Published));
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);

        using var stale = await Client.SendAsync(Get("/download/harryda/badplatser.csv",
            h => h.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{site.Version1.Single(d => d.Format == "csv").Sha256}\""))));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task Range_requests_get_206_and_unsatisfiable_ones_416()
    {
        var csv = Current("csv");
        var bytes = await site.StoredBytesAsync(csv.StorageKey);
        using var partial = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.Range = new RangeHeaderValue(100, 199)));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{bytes.Length}", partial.Content.Headers.ContentRange!.ToString());

        using var tail = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.Range = new RangeHeaderValue(null, 50)));
        Assert.Equal(bytes[^50..], await tail.Content.ReadAsByteArrayAsync());

        using var beyond = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.Range = new RangeHeaderValue(bytes.Length + 10, null)));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{bytes.Length}", beyond.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Files_larger_than_one_send_chunk_arrive_whole_and_ranges_may_cross_chunks()
    {
        var csv = Current("csv");
        Assert.True(csv.ByteSize > 2 * 1024 * 1024, "the fixture file should span several 1 MiB send chunks");
        var bytes = await site.StoredBytesAsync(csv.StorageKey);
        using var whole = await Client.GetAsync("/download/harryda/badplatser.csv");
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());

        using var across = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.Range = new RangeHeaderValue(1_000_000, 2_200_000)));
        Assert.Equal(HttpStatusCode.PartialContent, across.StatusCode);
        Assert.Equal(bytes[1_000_000..2_200_001], await across.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_browser_sending_br_gets_the_stored_gzip_with_its_own_etag_and_the_same_content()
    {
        var csv = Current("csv");
        using var response = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h => h.AcceptEncoding.ParseAdd("gzip, deflate, br")));
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal($"\"{csv.Sha256}-gzip\"", response.Headers.ETag!.Tag);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < csv.ByteSize / 2, $"{compressed.Length} bytes is barely compressed");
        using var decoded = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)) await gzip.CopyToAsync(decoded);
        Assert.Equal(await site.StoredBytesAsync(csv.StorageKey), decoded.ToArray());

        // The identity ETag does not validate the compressed representation.
        using var revalidated = await Client.SendAsync(Get("/download/harryda/badplatser.csv", h =>
        {
            h.AcceptEncoding.ParseAdd("gzip");
            h.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{csv.Sha256}\""));
        }));
        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("gzip;q=1, br;q=0.5", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("x-gzip", "gzip")]
    [InlineData("*", "gzip")]
    [InlineData("br", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    [InlineData("br;q=0, gzip;q=0", null)]
    public async Task Quality_values_decide_the_encoding(string acceptEncoding, string? expected)
    {
        using var response = await Client.SendAsync(Get("/download/harryda/badplatser.geojson", h => h.TryAddWithoutValidation("Accept-Encoding", acceptEncoding)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected is null ? [] : [expected], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_excel_csv_is_the_stored_csv_behind_a_byte_order_mark_with_range_etag_and_checksum()
    {
        var excel = Current("excel.csv");
        Assert.True(ExcelCsvView.IsViewOfCsv(excel.Format, excel.StorageKey));
        byte[] whole = [0xEF, 0xBB, 0xBF, .. await site.StoredBytesAsync(excel.StorageKey)];

        // Never compressed (the CSV's .gz has no mark), and its strong ETag is the recorded checksum.
        using var full = await Client.SendAsync(Get("/download/harryda/badplatser.excel.csv", h => h.AcceptEncoding.ParseAdd("gzip, br")));
        Assert.Empty(full.Content.Headers.ContentEncoding);
        Assert.Equal($"\"{excel.Sha256}\"", full.Headers.ETag!.Tag);
        Assert.Equal(whole.Length, full.Content.Headers.ContentLength);
        Assert.Equal(whole, await full.Content.ReadAsByteArrayAsync());
        Assert.Equal("harryda-badplatser-v2.excel.csv", full.Content.Headers.ContentDisposition!.FileName);

        foreach (var (from, to) in new[] { (0L, 9L), (2L, 5L), (1_000_000L, 1_200_000L) })
        {
            using var partial = await Client.SendAsync(Get("/download/harryda/badplatser.excel.csv", h => h.Range = new RangeHeaderValue(from, to)));
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(whole[(int)from..(int)(to + 1)], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {from}-{to}/{whole.Length}", partial.Content.Headers.ContentRange!.ToString());
        }

        using var unchanged = await Client.SendAsync(Get("/download/harryda/badplatser.excel.csv", h => h.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{excel.Sha256}\""))));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("geojson")]
    [InlineData("excel-sv.csv")]
    public async Task A_client_without_gzip_gets_a_file_stored_only_compressed_decompressed_with_length_etag_and_ranges(string extension)
    {
        var download = Current(extension);
        Assert.False(await site.Store.ExistsAsync(download.StorageKey));
        var compressed = await site.StoredBytesAsync(download.StorageKey + ".gz");
        var url = $"/download/harryda/badplatser.{extension}";

        // A client that takes gzip gets the stored .gz as it is, with the gzip ETag.
        using var gzip = await Client.SendAsync(Get(url, h => h.AcceptEncoding.ParseAdd("gzip")));
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Equal(compressed, await gzip.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{download.Sha256}-gzip\"", gzip.Headers.ETag!.Tag);

        // One that does not gets the file itself, decompressed while sent: its recorded size, checksum and strong ETag.
        using var plain = await Client.SendAsync(Get(url));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(download.ByteSize, plain.Content.Headers.ContentLength);
        var whole = await plain.Content.ReadAsByteArrayAsync();
        Assert.Equal(download.ByteSize, whole.LongLength);
        Assert.Equal(download.Sha256, Convert.ToHexStringLower(SHA256.HashData(whole)));
        Assert.Equal($"\"{download.Sha256}\"", plain.Headers.ETag!.Tag);
        Assert.False(plain.Headers.ETag.IsWeak);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        using (var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        using (var decoded = new MemoryStream())
        {
            await gunzip.CopyToAsync(decoded);
            Assert.Equal(decoded.ToArray(), whole);
        }

        // Ranges are in the file's own bytes: from the start, in the middle, the last bytes.
        foreach (var range in new[] { new RangeHeaderValue(0, 99), new RangeHeaderValue(whole.Length / 2, whole.Length / 2 + 4_999), new RangeHeaderValue(null, 300) })
        {
            using var partial = await Client.SendAsync(Get(url, h => h.Range = range));
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            var from = range.Ranges.Single().From ?? whole.Length - 300;
            var to = range.Ranges.Single().To is { } end && range.Ranges.Single().From is not null ? end : whole.Length - 1;
            Assert.Equal(whole[(int)from..(int)(to + 1)], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {from}-{to}/{whole.Length}", partial.Content.Headers.ContentRange!.ToString());
            Assert.Empty(partial.Content.Headers.ContentEncoding);
        }
        using var unsatisfiable = await Client.SendAsync(Get(url, h => h.Range = new RangeHeaderValue(whole.Length + 10, null)));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        using var unchanged = await Client.SendAsync(Get(url, h => h.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{download.Sha256}\""))));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(download.ByteSize, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Ranges_apply_to_the_compressed_bytes_when_compressed()
    {
        var gzipBytes = await site.StoredBytesAsync(Current("json").StorageKey + ".gz");
        using var response = await Client.SendAsync(Get("/download/harryda/badplatser.json", h =>
        {
            h.AcceptEncoding.ParseAdd("gzip");
            h.Range = new RangeHeaderValue(0, 9);
        }));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(gzipBytes[..10], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0x1f, gzipBytes[0]);
    }

    [Fact]
    public async Task The_zip_is_put_together_on_request_byte_identical_every_time_and_read_by_python_zipfile()
    {
        var zip = Current("zip");
        Assert.True(ZipOnRequest.IsAssembled(zip.StorageKey));
        using var first = await Client.SendAsync(Get("/download/harryda/badplatser.zip", h => h.AcceptEncoding.ParseAdd("gzip")));
        var bytes = await first.Content.ReadAsByteArrayAsync();
        using var second = await Client.SendAsync(Get("/download/harryda/badplatser.zip"));
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(zip.ByteSize, first.Content.Headers.ContentLength);
        Assert.Equal(zip.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal($"\"{zip.Sha256}\"", first.Headers.ETag!.Tag);
        Assert.Empty(first.Content.Headers.ContentEncoding);
        using var unchanged = await Client.SendAsync(Get("/download/harryda/badplatser.zip", h => h.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{zip.Sha256}\""))));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);

        // An independent reader: Python's zipfile checks every entry's CRC and gives each entry's SHA-256 and time.
        var path = Path.Combine(Path.GetTempPath(), $"zip-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var listing = PythonZip(path);
            Assert.Equal("None", listing[0]); // testzip(): no entry with a bad CRC
            var entries = listing.Skip(1).Select(line => line.Split('\t')).ToDictionary(p => p[0], p => (Sha: p[1], Time: p[2]));
            Assert.Equal(["README.txt", "schema.json", "data.csv", "data.excel.csv", "data.excel-sv.csv", "data.json", "data.geojson", "data.xlsx", "data.parquet"],
                entries.Keys);
            foreach (var file in site.Version2)
            {
                if (file.Format == "zip") continue;
                Assert.Equal(file.Sha256, entries[$"data.{file.Format}"].Sha);
            }
            // Fixed entry times: the version's publication (2024-06-21 07:30 UTC).
            Assert.All(entries.Values, e => Assert.Equal("2024-06-21 07:30:00", e.Time));
        }
        finally { File.Delete(path); }
    }

    private static string[] PythonZip(string path)
    {
        var script = "import sys, zipfile, hashlib\n" +
                     "z = zipfile.ZipFile(sys.argv[1])\n" +
                     "print(z.testzip())\n" +
                     "for i in z.infolist():\n" +
                     "    print(i.filename + '\\t' + hashlib.sha256(z.read(i)).hexdigest() + '\\t' + '%04d-%02d-%02d %02d:%02d:%02d' % i.date_time)\n";
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Compressed_formats_are_never_compressed_again()
    {
        using var response = await Client.SendAsync(Get("/download/harryda/badplatser.parquet", h => h.AcceptEncoding.ParseAdd("br, gzip")));
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.DoesNotContain("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task Head_gives_the_headers_without_the_body()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/download/harryda/badplatser.xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Current("xlsx").ByteSize, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{Current("xlsx").Sha256}\"", response.Headers.ETag!.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Non_ascii_file_names_use_rfc_5987()
    {
        using var response = await Client.GetAsync("/download/harryda/sj%C3%B6ar.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("harryda-sjöar-v1.csv", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''harryda-sj%C3%B6ar-v1.csv", response.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Theory]
    [InlineData("/download/nowhere/badplatser.csv", "Dataset not found")]
    [InlineData("/download/harryda/okand.csv", "Dataset not found")]
    [InlineData("/download/harryda/badplatser.pdf", "Format not available")]
    [InlineData("/download/harryda/badplatser/v9.csv", "Dataset not found")]
    [InlineData("/download/harryda/badplatser/v0.csv", "Unknown download")]
    [InlineData("/download/harryda/badplatser/latest.csv", "Unknown download")]
    [InlineData("/download/harryda/badplatser", "Unknown download")]
    public async Task Unknown_things_get_a_404_problem(string url, string title)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }
}
