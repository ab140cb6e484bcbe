using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>
/// A published version whose download files do not exist yet (or were lost) is served on the fly from
/// its row table: same bytes as the file would have, never a 404 or 500, not cached.
/// </summary>
public sealed class LiveDownloadTests : IAsyncLifetime
{
    private const string Table = "t_live_v1";
    private readonly TempFolder _folder = new();
    private FileSystemDownloadStore _store = null!;
    private SqliteRowStore _rows = null!;
    private DownloadServer _server = null!;
    private IReadOnlyList<GeneratedDownload> _lakeFiles = [];

    private static readonly DateTimeOffset Published = new(2024, 7, 1, 6, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _store = new FileSystemDownloadStore(Path.Combine(_folder.Path, "downloads"));
        _rows = new SqliteRowStore(new SqliteRowDatabase($"Data Source={Path.Combine(_folder.Path, "rows.db")}"));
        await using (var staged = await _rows.CreateStagingTableAsync(Table, SampleTables.Layout))
        {
            var number = 0L;
            foreach (var row in SampleTables.Rows) await staged.WriteRowAsync(++number, row);
            await staged.CompleteAsync();
        }
        // A second dataset whose files were generated, then one of them lost.
        _lakeFiles = await new DownloadGenerator(_store).GenerateAsync("harryda/sjoar/v1/sjoar", ContextOf(1),
            token => _rows.ReadRowsAsync(Table, SampleTables.Layout, token), CancellationToken.None);
        var lost = _lakeFiles.Single(f => f.Format == "json").StorageKey;
        foreach (var key in DownloadEncodings.AllKeysOf(lost, "application/json")) await _store.DeleteAsync(key);

        _server = await DownloadServer.StartAsync(new InMemoryPublishedDatasets(
        [
            Version("badplatser", []),
            Version("sjoar", _lakeFiles.Select(f => new PublishedDistribution(f.Format, f.MediaType, f.StorageKey, f.ByteSize, f.Sha256, Published)).ToList()),
        ]), _store, _rows);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static ExportContext ContextOf(int version) => new(SampleTables.Layout, "Badplatser", "Strandbad.", "http://creativecommons.org/publicdomain/zero/1.0/",
        Publisher: "Härryda kommun", VersionNumber: version, PublishedAt: Published);

    private static PublishedDataset Version(string slug, IReadOnlyList<PublishedDistribution> files) => new()
    {
        DatasetId = Guid.Parse("6c1f7a52-3f0e-4a8e-9a59-1d2b3c4d5e6f"),
        OrganisationSlug = "harryda",
        OrganisationName = "Härryda kommun",
        DatasetSlug = slug,
        Title = "Badplatser",
        Description = "Strandbad.",
        License = "http://creativecommons.org/publicdomain/zero/1.0/",
        VersionNumber = 1,
        TableName = Table,
        Schema = SampleTables.BathingSites,
        RowCount = SampleTables.Rows.Length,
        PublishedAt = Published,
        Distributions = files,
    };

    /// <summary>What the generator stores for this version, read back from a scratch store.</summary>
    private async Task<byte[]> GeneratedFileAsync(string extension)
    {
        var scratch = new FileSystemDownloadStore(Path.Combine(_folder.Path, "scratch", Guid.NewGuid().ToString("N")));
        var files = await new DownloadGenerator(scratch).GenerateAsync("x/y/v1/y", ContextOf(1),
            token => _rows.ReadRowsAsync(Table, SampleTables.Layout, token), CancellationToken.None);
        var generated = files.Single(f => f.Format == extension);
        await using var file = await StoredDownloads.OpenAsync(scratch, generated.StorageKey, generated.ByteSize) ?? throw new FileNotFoundException(extension);
        // The Excel CSV is recorded as the stored CSV read behind a byte-order mark.
        await using var content = ExcelCsvView.IsViewOfCsv(generated.Format, generated.StorageKey) ? ExcelCsvView.Open(file.Content) : file.Content;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("excel.csv")]
    [InlineData("json")]
    [InlineData("geojson")]
    [InlineData("xlsx")]
    [InlineData("parquet")]
    public async Task Every_format_is_streamed_with_the_bytes_its_file_will_have(string extension)
    {
        using var response = await _server.Client.GetAsync($"/download/harryda/badplatser.{extension}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await GeneratedFileAsync(extension), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ExportFormats.ByExtension(extension)!.MediaType, response.Content.Headers.ContentType!.ToString());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.True(response.Headers.ETag!.IsWeak);
        Assert.True(response.Headers.TransferEncodingChunked); // streamed: no length known in advance
        Assert.Equal($"harryda-badplatser-v1.{extension}", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task The_zip_bundle_is_built_live_from_every_format()
    {
        using var response = await _server.Client.GetAsync("/download/harryda/badplatser.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(["README.txt", "schema.json", "data.csv", "data.excel.csv", "data.excel-sv.csv", "data.json", "data.geojson", "data.xlsx", "data.parquet"],
            zip.Entries.Select(e => e.FullName));
        using var csv = new MemoryStream();
        await using (var entry = zip.GetEntry("data.csv")!.Open()) await entry.CopyToAsync(csv);
        Assert.Equal(await GeneratedFileAsync("csv"), csv.ToArray());
        using var readme = new StreamReader(zip.GetEntry("README.txt")!.Open());
        Assert.Contains("- data.parquet (application/vnd.apache.parquet)", await readme.ReadToEndAsync());
    }

    [Fact]
    public async Task Head_and_conditional_requests_work_without_a_file()
    {
        using var head = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/download/harryda/badplatser.geojson"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        var etag = head.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, "/download/harryda/badplatser.geojson");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_recorded_file_missing_from_the_store_is_streamed_instead_of_a_404()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/download/harryda/sjoar.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(await GeneratedFileAsync("json"), await response.Content.ReadAsByteArrayAsync());

        // The files that exist are still sent from the store, with their strong checksum ETag.
        using var stored = await _server.Client.GetAsync("/download/harryda/sjoar.csv");
        Assert.Equal($"\"{_lakeFiles.Single(f => f.Format == "csv").Sha256}\"", stored.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("/download/harryda/badplatser.pdf")]
    [InlineData("/download/harryda/okand.csv")]
    public async Task Formats_and_datasets_that_do_not_exist_are_still_404(string url)
    {
        using var response = await _server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
