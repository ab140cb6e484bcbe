using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// Hostile OData requests against the real server on each store: every one a 4xx with an OData error body,
/// the process still serving the published rows unchanged afterwards; and next links that span a publish.
/// </summary>
public abstract class ODataHostileTests(PlatformStore store) : IAsyncLifetime
{
    private const string Set = "/odata/mariestad/badplatser";
    private LocalHttpServer _municipality = null!;
    private byte[] _csv = null!;
    private readonly List<PlatformFactory> _platforms = [];

    public async Task InitializeAsync()
    {
        _municipality = await LocalHttpServer.StartAsync();
        _csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _municipality.MapFile("/badplatser.csv", _csv, "text/csv; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _municipality.DisposeAsync();
        foreach (var platform in _platforms) await platform.DisposeAsync();
    }

    /// <summary>A platform with the sample published once (version 1).</summary>
    private async Task<(PlatformFactory Platform, HttpClient Admin, Guid Source)> PublishedAsync(Dictionary<string, string>? settings = null)
    {
        var platform = new PlatformFactory(store: store, settings: settings);
        _platforms.Add(platform);
        var admin = platform.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "mariestad", name = "Mariestads kommun", organisationNumber = "2120001637", contactEmail = "info@mariestad.se",
        })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/mariestad/sources", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = _municipality.Url("/badplatser.csv").ToString(), schedule = "0 4 * * *",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await HarvestAsync(admin, source);
        return (platform, admin, source);
    }

    private static async Task HarvestAsync(HttpClient admin, Guid source)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{source}/runs")).GetArrayLength();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{source}/harvest", null)).StatusCode);
        var run = await PlatformFactory.WaitForNewRunAsync(admin, source, known);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
    }

    /// <summary>The sample with its data rows in reverse order: the same places, other row numbers.</summary>
    private byte[] Reversed()
    {
        var lines = Encoding.UTF8.GetString(_csv).TrimEnd('\r', '\n').Split('\n');
        return Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Reverse())) + "\n");
    }

    private static async Task<(List<string> Ids, string? Next)> PageAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Prefer", "odata.maxpagesize=5");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("place_id").GetString()!).ToList(),
            json.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null);
    }

    private static async Task<List<string>> AllIdsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(Set + "?$select=place_id")).GetProperty("value")
            .EnumerateArray().Select(r => r.GetProperty("place_id").GetString()!).ToList();

    private static async Task<JsonElement> ErrorAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    [Fact]
    public async Task Hostile_queries_are_4xx_with_an_odata_error_and_the_data_is_still_served_unchanged()
    {
        var (platform, _, _) = await PublishedAsync();
        var client = platform.CreateClient();
        var before = await client.GetByteArrayAsync(Set);

        var nan = await ErrorAsync(client, Set + "?$filter=" + Uri.EscapeDataString("latitude eq NaN"), HttpStatusCode.BadRequest);
        Assert.Contains("NaN", nan.GetProperty("message").GetString());
        var nots = await ErrorAsync(client, Set + "?$filter=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("not ", 500)) + "(latitude gt 1)"),
            HttpStatusCode.BadRequest);
        Assert.Contains("nested too deeply", nots.GetProperty("message").GetString());
        var missingAlias = await ErrorAsync(client, Set + "(@k)", HttpStatusCode.BadRequest);
        Assert.Contains("@k", missingAlias.GetProperty("message").GetString());
        await ErrorAsync(client, Set + "(@k)?@k=" + Uri.EscapeDataString("'x' or 1 eq 1"), HttpStatusCode.BadRequest);
        foreach (var query in new[]
                 {
                     "$filter=latitude eq @x&@x=NaN", "$filter=name eq @n", "$skiptoken=WzEsIl9yb3ciLCJ4Il0", "$skiptoken=" + new string('A', 4000),
                     "$top=-1", "$orderby=nosuch", "$select=@x", "$filter=" + Uri.EscapeDataString(new string('(', 300) + "latitude gt 1" + new string(')', 300)),
                 })
            await ErrorAsync(client, Set + "?" + query, HttpStatusCode.BadRequest);

        // A key given as a parameter alias is answered like the literal key.
        var first = (await AllIdsAsync(client))[0];
        var byLiteral = await client.GetStringAsync($"{Set}('{first}')");
        var byAlias = await client.GetStringAsync($"{Set}(@k)?@k='{Uri.EscapeDataString(first)}'");
        Assert.Equal(byLiteral, byAlias);

        // Alive, and the published rows byte for byte as before.
        Assert.Equal(before, await client.GetByteArrayAsync(Set));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/mariestad/$metadata")).StatusCode);
    }

    [Fact]
    public async Task Paging_without_orderby_across_a_publish_continues_in_the_version_it_started_in()
    {
        var (platform, admin, source) = await PublishedAsync();
        var client = platform.CreateClient();
        var version1 = await AllIdsAsync(client);
        Assert.Equal(12, version1.Count);
        var (ids, next) = await PageAsync(client, Set + "?$select=place_id");

        _municipality.MapFile("/badplatser.csv", Reversed(), "text/csv; charset=utf-8");
        await HarvestAsync(admin, source);
        var version2 = await AllIdsAsync(client);
        Assert.Equal(version1.AsEnumerable().Reverse(), version2); // version 2 is published and in another order

        while (next is not null)
        {
            var page = await PageAsync(client, next);
            ids.AddRange(page.Ids);
            next = page.Next;
        }
        Assert.Equal(version1, ids); // every row of version 1 once: none skipped, none repeated
    }

    [Fact]
    public async Task A_next_link_of_a_version_no_longer_retained_is_410_and_a_fresh_start_works()
    {
        var (platform, admin, source) = await PublishedAsync(new() { ["Storage:RetainedVersions"] = "0" });
        var client = platform.CreateClient();
        var (_, next) = await PageAsync(client, Set + "?$select=place_id");
        Assert.NotNull(next);

        _municipality.MapFile("/badplatser.csv", Reversed(), "text/csv; charset=utf-8");
        await HarvestAsync(admin, source);

        var error = await ErrorAsync(client, next!, HttpStatusCode.Gone);
        Assert.Contains("Start again from the first page", error.GetProperty("message").GetString());
        Assert.Equal(12, (await AllIdsAsync(client)).Count);
    }
}

public sealed class SqliteODataHostileTests() : ODataHostileTests(PlatformStore.Sqlite);
public sealed class PostgresODataHostileTests() : ODataHostileTests(PlatformStore.Postgres);
