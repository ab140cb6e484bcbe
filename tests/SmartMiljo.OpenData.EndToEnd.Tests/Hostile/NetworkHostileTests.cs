using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// Server-side requests an anonymous visitor can make the platform send (<c>/api/validate?url=</c>,
/// <c>/api/dcat/validate?url=</c>) against the running host, with the network guard as shipped (loopback and private
/// networks closed): nothing internal is reached, nothing fetched is echoed, and the process answers afterwards.
/// </summary>
public sealed class NetworkHostileTests(NetworkHostileTests.Platforms platforms) : IClassFixture<NetworkHostileTests.Platforms>
{
    private const string Secret = "HEMLIGT-VARDE-42";

    /// <summary>One server with the guard as shipped, one with loopback opened, and an internal service; shared by
    /// the tests (each test uses paths of its own on the internal service).</summary>
    public sealed class Platforms : IAsyncLifetime
    {
        public PlatformFactory Guarded { get; } = new();
        public PlatformFactory Open { get; } = new();
        public LocalHttpServer Internal { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Guarded.Settings["Harvesting:AllowLoopback"] = "false";
            Guarded.Settings["Harvesting:AllowPrivateNetworks"] = "false";
            Internal = await LocalHttpServer.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Internal.DisposeAsync();
            Guarded.Dispose();
            Open.Dispose();
        }
    }

    private PlatformFactory _guarded => platforms.Guarded;
    private LocalHttpServer _internal => platforms.Internal;

    /// <summary>An internal resource the platform must never read, with a secret in it, at a path of its own.</summary>
    private string MapSecret(string extension = "csv")
    {
        var path = $"/secret-{Guid.NewGuid():N}.{extension}";
        _internal.MapFile(path, Encoding.UTF8.GetBytes(extension == "csv" ? $"id,namn\r\n1,{Secret}\r\n" : $"<urn:a> <urn:b> \"{Secret}\" ."),
            extension == "csv" ? "text/csv" : "text/turtle");
        return path;
    }

    private int Hits(string path) => _internal.Requests.Count(r => r.StartsWith(path, StringComparison.Ordinal));

    private string Internal(string path, string host = "127.0.0.1") => $"http://{host}:{_internal.BaseAddress.Port}{path}";

    public static TheoryData<string> InternalHosts => new() { "127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "2130706433", "127.1" };

    [Theory]
    [MemberData(nameof(InternalHosts))]
    public async Task Validate_by_url_refuses_this_machine_in_every_spelling_and_sends_nothing(string host)
    {
        var client = _guarded.CreateClient();
        var secret = MapSecret();
        var response = await client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(Internal(secret, host))}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("address-refused", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain(Secret, body);
        Assert.Equal(0, Hits(secret));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://10.0.0.1/", "private network")]
    [InlineData("http://[fd00::1]/", "private network")]
    [InlineData("http://100.64.0.1/", "private network")]
    [InlineData("http://0.0.0.0/", "not a unicast")]
    public async Task Validate_by_url_refuses_metadata_and_private_addresses_without_connecting(string url, string reason)
    {
        var response = await _guarded.CreateClient().PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(url)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Port_scanning_through_validate_learns_nothing_every_port_gets_the_same_refusal()
    {
        var client = _guarded.CreateClient();
        var answers = new HashSet<string>();
        foreach (var port in new[] { 1, 22, 5432, _internal.BaseAddress.Port })
        {
            var response = await client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString($"http://127.0.0.1:{port}/")}", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            answers.Add(problem.GetProperty("code").GetString() + "|" + problem.GetProperty("messageEn").GetString()!.Replace($":{port}", ""));
        }
        Assert.Single(answers);
    }

    [Theory]
    [MemberData(nameof(InternalHosts))]
    public async Task Dcat_validate_by_url_refuses_this_machine_and_sends_nothing(string host)
    {
        var catalogue = MapSecret("ttl");
        var response = await _guarded.CreateClient().GetAsync("/api/dcat/validate?url=" + Uri.EscapeDataString(Internal(catalogue, host)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("loopback", body);
        Assert.DoesNotContain(Secret, body);
        Assert.Equal(0, Hits(catalogue));
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_address_to_IPv6_loopback_is_refused_on_its_own_hop()
    {
        // Loopback is opened for the first hop only: the internal server closes it again and redirects to [::1].
        // The guard's setting is changed while the platform runs, and restored after.
        var open = platforms.Open;
        var client = open.CreateClient();
        var guard = open.Services.GetRequiredService<IOptions<HarvestOptions>>().Value;
        var secret = MapSecret();
        var hop = $"/hop-{Guid.NewGuid():N}.csv";
        _internal.Map(hop, context =>
        {
            guard.AllowLoopback = false;
            context.Response.Redirect(Internal(secret, "[::1]"));
            return Task.CompletedTask;
        });
        HttpResponseMessage response;
        try { response = await client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(Internal(hop))}", null); }
        finally { guard.AllowLoopback = true; }
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("::1", body);
        Assert.DoesNotContain(Secret, body);
        Assert.Equal(1, Hits(hop));
        Assert.Equal(0, Hits(secret));
    }

    [Fact]
    public async Task With_loopback_allowed_by_configuration_the_same_file_is_validated()
    {
        var secret = MapSecret();
        var response = await platforms.Open.CreateClient().PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(Internal(secret))}", null);
        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, Hits(secret));
    }

    [Fact]
    public async Task A_harvest_source_on_loopback_fails_its_run_with_the_guards_reason_and_sends_nothing()
    {
        var admin = _guarded.CreateAdminClient();
        var secret = MapSecret();
        await admin.PostAsJsonAsync("/api/admin/organisations", new { slug = "natverk", name = "Nätverk", organisationNumber = "2120001637" });
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/natverk/sources", new
        {
            name = "Intern", datasetSlug = "intern", kind = "Csv", location = Internal(secret), schedule = "0 3 * * *", harvestNow = true,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created,
            created.StatusCode + ": " + string.Join("\n", _guarded.Log.Where(l => l.StartsWith("Error", StringComparison.Ordinal))));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var run = await PlatformFactory.WaitForNewRunAsync(admin, id, 0);
        Assert.Contains("loopback", run.ToString());
        Assert.Equal(0, Hits(secret));
    }
}
