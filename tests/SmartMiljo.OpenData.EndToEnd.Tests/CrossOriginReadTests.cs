using System.Net;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// CORS on the whole platform: every public read surface lets a page on another origin read it (preflight
/// answered, anonymous, the headers clients need exposed); the admin API and the web forms give no permission.
/// </summary>
public sealed class CrossOriginReadTests
{
    private const string Origin = "http://karta.example.org";

    public static readonly TheoryData<string> PublicReads = new()
    {
        "/odata/exempelkommun/badplatser?$top=1",
        "/odata/exempelkommun/$metadata",
        "/download/exempelkommun/badplatser.geojson",
        "/download/exempelkommun/badplatser.csv",
        "/datasets/dcat",
        "/datasets/dcat.ttl",
        "/datasets/dcat/exempelkommun",
        "/api/specifications",
        "/ogc",
        "/openapi/datasets/exempelkommun/badplatser.json",
        "/ogc/collections/exempelkommun_badplatser/items?limit=2",
    };

    [Fact]
    public async Task Every_public_read_answers_preflights_and_reads_from_any_origin_and_writes_stay_same_origin()
    {
        await using var platform = new PlatformFactory(seed: true);
        var client = platform.CreateClient();
        await WaitForDownloadsAsync(client);

        foreach (var path in PublicReads)
        {
            // The preflight a browser sends before a GET with a Range or Prefer header (it got 501 from OData before).
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", Origin);
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            preflight.Headers.Add("Access-Control-Request-Headers", "range, prefer, odata-maxversion");
            using var answer = await client.SendAsync(preflight);
            Assert.True(HttpStatusCode.NoContent == answer.StatusCode, $"OPTIONS {path}: {(int)answer.StatusCode}");
            Assert.Equal("*", Header(answer, "Access-Control-Allow-Origin"));
            Assert.Contains("GET", Header(answer, "Access-Control-Allow-Methods"));
            var allowedHeaders = Header(answer, "Access-Control-Allow-Headers")!.ToLowerInvariant();
            foreach (var requested in new[] { "range", "prefer", "odata-maxversion" }) Assert.Contains(requested, allowedHeaders);
            Assert.Null(Header(answer, "Access-Control-Allow-Credentials"));

            using var read = new HttpRequestMessage(HttpMethod.Get, path);
            read.Headers.Add("Origin", Origin);
            using var response = await client.SendAsync(read);
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            var exposed = Header(response, "Access-Control-Expose-Headers")!;
            foreach (var name in new[] { "ETag", "Content-Range", "Link", "OData-Version" }) Assert.Contains(name, exposed);
            Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        }

        // DCAT points dataportal.se's "Utforska API" at the OpenAPI description (dcat:endpointDescription), not at CSDL.
        var turtle = await client.GetStringAsync("/datasets/dcat.ttl");
        Assert.Contains("http://data.example.test/openapi/datasets/exempelkommun/badplatser.json", turtle);

        // A failing read keeps the header, so a script can read the error instead of a network failure.
        using (var missing = new HttpRequestMessage(HttpMethod.Get, "/odata/exempelkommun/finnsinte"))
        {
            missing.Headers.Add("Origin", Origin);
            using var response = await client.SendAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        }

        // A Range request from another origin: the partial answer and its Content-Range are readable.
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, "/download/exempelkommun/badplatser.csv"))
        {
            ranged.Headers.Add("Origin", Origin);
            ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 9);
            using var response = await client.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        }

        // Writes and the pages stay same-origin: no permission in any answer.
        foreach (var (method, path) in new[] { (HttpMethod.Options, "/api/admin/organisations"), (HttpMethod.Get, "/api/admin/organisations"),
                     (HttpMethod.Options, "/konto/logga-in"), (HttpMethod.Get, "/") })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Origin", Origin);
            if (method == HttpMethod.Options) request.Headers.Add("Access-Control-Request-Method", "POST");
            using var response = await client.SendAsync(request);
            Assert.True(Header(response, "Access-Control-Allow-Origin") is null, $"{method} {path} allowed another origin");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static async Task WaitForDownloadsAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/download/exempelkommun/badplatser.geojson");
            if (response.IsSuccessStatusCode && response.Headers.AcceptRanges.Count > 0) return;
            await Task.Delay(250);
        }
        throw new TimeoutException("The demo's downloads were not generated within 90 s.");
    }
}
