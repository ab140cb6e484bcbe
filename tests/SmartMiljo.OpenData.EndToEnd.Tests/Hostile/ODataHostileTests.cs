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
public abstract class ODataHostileTests(ODataHostileTests.Platform shared)
{
    /// <summary>One platform per store for the class (every platform costs the process an EF service
    /// provider), with the sample published once; it keeps one superseded version, so a next link
    /// survives one publish and not two.</summary>
    public abstract class Platform(PlatformStore store) : IAsyncLifetime
    {
        public PlatformFactory Factory { get; } = new(store: store, settings: new Dictionary<string, string> { ["Storage:RetainedVersions"] = "1" });
        public LocalHttpServer Municipality { get; private set; } = null!;
        public byte[] Csv { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public Guid Source { get; private set; }

        /// <summary>Whether the version served now has the sample's rows reversed.</summary>
        public bool Reversed { get; set; }

        public async Task InitializeAsync()
        {
            Municipality = await LocalHttpServer.StartAsync();
            Csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
            Municipality.MapFile("/badplatser.csv", Csv, "text/csv; charset=utf-8");
            Admin = Factory.CreateAdminClient();
            Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/admin/organisations", new
            {
                slug = "mariestad", name = "Mariestads kommun", organisationNumber = "2120001637", contactEmail = "info@mariestad.se",
            })).StatusCode);
            var created = await Admin.PostAsJsonAsync("/api/admin/organisations/mariestad/sources", new
            {
                name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
                location = Municipality.Url("/badplatser.csv").ToString(), schedule = "0 4 * * *",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Source = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await HarvestAsync(Admin, Source);
        }

        public async Task DisposeAsync()
        {
            await Municipality.DisposeAsync();
            await Factory.DisposeAsync();
        }
    }

    private const string Set = "/odata/mariestad/badplatser";

    /// <summary>Publishes the next version: the sample's rows in the other order than the version served now.</summary>
    private async Task PublishNextAsync()
    {
        shared.Reversed = !shared.Reversed;
        shared.Municipality.MapFile("/badplatser.csv", shared.Reversed ? Reversed() : shared.Csv, "text/csv; charset=utf-8");
        await HarvestAsync(shared.Admin, shared.Source);
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
        var lines = Encoding.UTF8.GetString(shared.Csv).TrimEnd('\r', '\n').Split('\n');
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
        var client = shared.Factory.CreateClient();
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
                     "$filter=latitude eq @x&@x=NaN", "$filter=name eq @n", "$skiptoken=WyJ4Il0", "$skiptoken=" + new string('A', 4000),
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
        var client = shared.Factory.CreateClient();
        var version1 = await AllIdsAsync(client);
        Assert.Equal(12, version1.Count);
        var (ids, next) = await PageAsync(client, Set + "?$select=place_id");

        await PublishNextAsync();
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
        var client = shared.Factory.CreateClient();
        var (_, next) = await PageAsync(client, Set + "?$select=place_id");
        Assert.NotNull(next);

        // Two publishes: the version the link was issued for is superseded, then no longer retained.
        await PublishNextAsync();
        await PublishNextAsync();

        var error = await ErrorAsync(client, next!, HttpStatusCode.Gone);
        Assert.Contains("Start again from the first page", error.GetProperty("message").GetString());
        Assert.Equal(12, (await AllIdsAsync(client)).Count);
    }
}

public sealed class SqliteODataHostileTests(SqliteODataHostileTests.SqlitePlatform platform)
    : ODataHostileTests(platform), IClassFixture<SqliteODataHostileTests.SqlitePlatform>
{
    public sealed class SqlitePlatform() : Platform(PlatformStore.Sqlite);
}

public sealed class PostgresODataHostileTests(PostgresODataHostileTests.PostgresPlatform platform)
    : ODataHostileTests(platform), IClassFixture<PostgresODataHostileTests.PostgresPlatform>
{
    public sealed class PostgresPlatform() : Platform(PlatformStore.Postgres);
}
