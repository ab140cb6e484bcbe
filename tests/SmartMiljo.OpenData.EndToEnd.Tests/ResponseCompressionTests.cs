using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// gzip and br on the running platform: OData JSON, CSDL and the DCAT catalogue are compressed as the client's
/// Accept-Encoding asks, always with Vary; the downloads keep their stored variants (never compressed twice,
/// Range and ETag intact).
/// </summary>
public sealed class ResponseCompressionTests : IAsyncLifetime
{
    private PlatformFactory _platform = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _platform = new PlatformFactory(seed: true);
        _client = _platform.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await _client.GetAsync("/odata/exempelkommun/badplatser")).IsSuccessStatusCode) return;
            await Task.Delay(250);
        }
        throw new TimeoutException("The demo data was not published within a minute.");
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        configure?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            null => body,
            var other => throw new InvalidOperationException("Unexpected Content-Encoding " + other),
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static bool VariesByEncoding(HttpResponseMessage response) =>
        response.Headers.Vary.Any(v => v.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase));

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")] // Power Query's header
    [InlineData("gzip;q=0.5, br", "br")]
    public async Task OData_json_is_compressed_as_the_client_asks(string acceptEncoding, string expected)
    {
        using var plain = await GetAsync("/odata/exempelkommun/badplatser", null);
        var identity = await plain.Content.ReadAsByteArrayAsync();
        using var response = await GetAsync("/odata/exempelkommun/badplatser", acceptEncoding);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.True(VariesByEncoding(response));
        var compressedLength = (await response.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(compressedLength < identity.Length / 2, $"{compressedLength} bytes compressed, {identity.Length} plain");

        using var again = await GetAsync("/odata/exempelkommun/badplatser", acceptEncoding);
        var json = JsonDocument.Parse(await DecodedAsync(again)).RootElement;
        Assert.Equal(12, json.GetProperty("value").GetArrayLength());
        Assert.Equal(Encoding.UTF8.GetString(identity), await DecodedAsync(await GetAsync("/odata/exempelkommun/badplatser", acceptEncoding)));
    }

    [Fact]
    public async Task Identity_responses_still_say_they_vary_by_encoding()
    {
        using var response = await GetAsync("/odata/exempelkommun/badplatser", null);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True(VariesByEncoding(response), "a shared cache must not hand this identity response to every client");
        using var refused = await GetAsync("/odata/exempelkommun/badplatser", "identity");
        Assert.Empty(refused.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Metadata_and_errors_are_compressed_too()
    {
        using var metadata = await GetAsync("/odata/exempelkommun/$metadata", "gzip");
        Assert.Equal(["gzip"], metadata.Content.Headers.ContentEncoding);
        Assert.Contains("<edmx:Edmx", await DecodedAsync(metadata));

        using var error = await GetAsync("/odata/exempelkommun/badplatser?$filter=nonsense eq 1", "br");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["br"], error.Content.Headers.ContentEncoding);
        Assert.Contains("\"error\"", await DecodedAsync(error));
    }

    [Theory]
    [InlineData("/datasets/dcat.ttl", "gzip", "@prefix")]
    [InlineData("/datasets/dcat.rdf", "br", "rdf:RDF")]
    [InlineData("/datasets/dcat.jsonld", "gzip", "@context")]
    [InlineData("/datasets/dcat/exempelkommun.nt", "br", "<http")]
    public async Task The_dcat_catalogue_is_compressed(string path, string encoding, string expectedText)
    {
        using var response = await GetAsync(path, encoding);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.True(VariesByEncoding(response));
        Assert.Contains(expectedText, await DecodedAsync(response));
        // Content negotiation still varies by Accept as well.
        Assert.Contains(response.Headers.Vary, v => v.Equals("Accept", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Specifications_are_compressed()
    {
        using var response = await GetAsync("/api/specifications", "gzip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        JsonDocument.Parse(await DecodedAsync(response));
    }

    [Fact]
    public async Task Downloads_keep_their_stored_variants_and_ranges()
    {
        const string path = "/download/exempelkommun/badplatser.csv";
        // The files are generated right after publishing: wait for the stored gzip variant.
        HttpResponseMessage? gzip = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            gzip = await GetAsync(path, "gzip");
            if (gzip.Headers.ETag is { IsWeak: false }) break;
            await Task.Delay(250);
        }
        Assert.NotNull(gzip);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        var stored = await gzip.Content.ReadAsByteArrayAsync();
        // Decompressing once gives the CSV itself: the stored .gz file was sent as it is, not compressed again.
        using (var once = new StreamReader(new GZipStream(new MemoryStream(stored), CompressionMode.Decompress)))
        {
            var csv = await once.ReadToEndAsync();
            Assert.DoesNotContain('\0', csv);
            Assert.Contains(',', csv.Split('\n')[0]);
        }
        Assert.Equal(stored.Length, gzip.Content.Headers.ContentLength);

        // A client asking for a range of the identity file gets exactly that range, uncompressed.
        using var identity = await GetAsync(path, null);
        var whole = await identity.Content.ReadAsByteArrayAsync();
        using var range = await GetAsync(path, "identity", r => r.Headers.Range = new RangeHeaderValue(0, 9));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Empty(range.Content.Headers.ContentEncoding);
        Assert.Equal(whole[..10], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal(identity.Headers.ETag, range.Headers.ETag);
    }
}
