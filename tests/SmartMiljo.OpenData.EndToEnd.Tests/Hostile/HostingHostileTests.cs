using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// The host against a hostile visitor: spoofed Host and forwarded headers, open redirects, oversized bodies,
/// sign-in guessing, path patterns that climb out of a drop folder. Each runs against the real server.
/// </summary>
public sealed class HostingHostileTests(HostingHostileTests.Platforms platforms) : IClassFixture<HostingHostileTests.Platforms>
{
    /// <summary>The servers the tests share (each server is a whole platform; a process may only start so many):
    /// the default test platform, and two on Kestrel (127.0.0.1, a free port) without a configured base URL,
    /// one behind no proxy with small limits, one trusting 127.0.0.1 as its proxy.</summary>
    public sealed class Platforms : IDisposable
    {
        public PlatformFactory Default { get; } = new();

        public Lazy<PlatformFactory> Kestrel { get; } = new(() => OnKestrel(
            ("Kestrel:Limits:MaxRequestBodySize", "100000"), ("Web:SignInAttemptsPerMinute", "3")));

        public Lazy<PlatformFactory> BehindProxy { get; } = new(() => OnKestrel(("Platform:TrustedProxies", "127.0.0.1")));

        private static PlatformFactory OnKestrel(params (string Key, string? Value)[] settings)
        {
            var factory = new PlatformFactory(seed: false);
            factory.Settings["Platform:BaseUrl"] = "";
            foreach (var (key, value) in settings) factory.Settings[key] = value;
            factory.UseKestrel(0);
            factory.StartServer();
            return factory;
        }

        public void Dispose()
        {
            Default.Dispose();
            if (Kestrel.IsValueCreated) Kestrel.Value.Dispose();
            if (BehindProxy.IsValueCreated) BehindProxy.Value.Dispose();
        }
    }

    private static HttpClient NoRedirects(PlatformFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<string> GetWithHostAsync(HttpClient client, string path, string host, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_spoofed_Host_header_never_reaches_DCAT_IRIs_or_OData_links()
    {
        var client = platforms.Kestrel.Value.CreateClient();
        var listening = client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var dcat = await GetWithHostAsync(client, "/datasets/dcat.ttl", "evil.example");
        var odata = await GetWithHostAsync(client, "/odata", "evil.example");
        Assert.DoesNotContain("evil.example", dcat);
        Assert.DoesNotContain("evil.example", odata);
        Assert.Contains(listening + "/datasets/dcat", dcat);
        Assert.Contains(listening + "/odata/$metadata", odata);

        // Forwarded headers from a client that is not a configured proxy change nothing either.
        var forwarded = await GetWithHostAsync(client, "/datasets/dcat.ttl", "evil.example", ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "https"));
        Assert.DoesNotContain("evil.example", forwarded);
        Assert.DoesNotContain("https://", forwarded.Split('\n').First(l => l.Contains("/datasets/dcat>", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_trusted_proxys_forwarded_host_and_scheme_are_honoured_in_DCAT_and_OData()
    {
        var client = platforms.BehindProxy.Value.CreateClient();
        var viaProxy = new[] { ("X-Forwarded-Host", "data.region.se"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7") };

        var dcat = await GetWithHostAsync(client, "/datasets/dcat.ttl", "internal-node:8080", viaProxy);
        var odata = await GetWithHostAsync(client, "/odata", "internal-node:8080", viaProxy);
        Assert.Contains("https://data.region.se/datasets/dcat", dcat);
        Assert.Contains("https://data.region.se/odata/$metadata", odata);

        // The proxy forwarding only the scheme: the listening address with https.
        var schemeOnly = await GetWithHostAsync(client, "/odata", "internal-node:8080", ("X-Forwarded-Proto", "https"));
        // (the port stays behind: the proxy answers on the scheme's own port, not on the node's)
        Assert.Contains("https://" + client.BaseAddress!.Host + "/odata/$metadata", schemeOnly);
        Assert.DoesNotContain("internal-node", schemeOnly);
    }

    [Fact]
    public async Task The_configured_base_url_wins_over_every_header()
    {
        var client = platforms.Default.CreateAdminClient();
        var dcat = await GetWithHostAsync(client, "/datasets/dcat.ttl", "evil.example", ("X-Forwarded-Host", "evil.example"));
        Assert.Contains("http://data.example.test/datasets/dcat", dcat);
        Assert.DoesNotContain("evil.example", dcat);
    }

    [Theory]
    [InlineData("/%5Cevil.com")]
    [InlineData("//evil.com")]
    [InlineData("/\\evil.com")]
    [InlineData("https://evil.com/")]
    [InlineData("/%09/evil.com")]
    public async Task The_language_switch_only_returns_to_local_pages(string returnUrl)
    {
        var factory = platforms.Default;
        var response = await NoRedirects(factory).GetAsync("/sprak/en?returnUrl=" + returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);

        var local = await NoRedirects(factory).GetAsync("/sprak/en?returnUrl=%2Fdatasets%3Fq%3Dbad");
        Assert.Equal("/datasets?q=bad", local.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        var client = platforms.Default.CreateClient();
        foreach (var path in new[] { "/", "/konto/logga-in", "/finns-inte", "/api/specifications" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("https://tile.openstreetmap.org", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
        // The pages' own markup needs nothing the policy forbids: no inline scripts or event handlers.
        var home = await client.GetStringAsync("/");
        Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase), home);
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), home);
    }

    [Fact]
    public async Task An_upload_over_the_body_limit_is_a_413_with_a_clear_message()
    {
        var factory = platforms.Kestrel.Value;
        var admin = factory.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/admin/organisations", new { slug = "stor", name = "Stor", organisationNumber = "2120001637" });
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/stor/sources", new
        {
            name = "Inkorg", datasetSlug = "inkorg", kind = "FileDrop", location = Path.Combine(factory.Data.Path, "drop", "stor"), schedule = "0 3 * * *",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var body = new ByteArrayContent(new byte[200_000]);
        var response = await admin.PostAsync($"/api/admin/sources/{id}/upload?fileName=stor.csv", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("0.1 MB", problem.GetProperty("messageEn").GetString());
        Assert.Contains("för stor", problem.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("../*.txt")]
    [InlineData("..")]
    [InlineData("sub/*.csv")]
    [InlineData("..\\*.csv")]
    [InlineData("/etc/*")]
    public async Task A_file_drop_pattern_is_a_file_name_pattern_only(string pattern)
    {
        var factory = platforms.Default;
        var admin = factory.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/admin/organisations", new { slug = "monster", name = "Mönster", organisationNumber = "2120001637" });
        var response = await admin.PostAsJsonAsync("/api/admin/organisations/monster/sources", new
        {
            name = "Inkorg", datasetSlug = "inkorg", kind = "FileDrop", location = Path.Combine(factory.Data.Path, "drop", "monster"),
            schedule = "0 3 * * *", settings = new { pattern },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("file names in the folder", text);
        Assert.DoesNotContain(factory.Data.Path, text);
    }

    /// <summary>Posts the sign-in form (with its anti-forgery token) and returns the page's alert text, or the status.</summary>
    private static async Task<(HttpStatusCode Status, string? Alert)> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/konto/logga-in");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        var page = await response.Content.ReadAsStringAsync();
        var alert = Regex.Match(page, "id=\"login-error\"><p>([^<]*)</p>").Groups[1];
        return (response.StatusCode, alert.Success ? WebUtility.HtmlDecode(alert.Value) : null);
    }

    [Fact]
    public async Task The_sign_in_answer_is_the_same_for_a_locked_account_and_one_that_does_not_exist()
    {
        var client = platforms.Default.CreateClient();
        string? lockedAnswer = null;
        for (var i = 0; i < 9; i++) lockedAnswer = (await SignInAsync(client, "admin@localhost", "fel-losenord-" + i)).Alert;
        var unknownAnswer = (await SignInAsync(client, "finns.inte@exempel.se", "fel-losenord")).Alert;
        Assert.NotNull(lockedAnswer);
        Assert.Equal(lockedAnswer, unknownAnswer);
        Assert.DoesNotContain("låst", lockedAnswer);
    }

    [Fact]
    public async Task Sign_in_attempts_are_throttled_per_address()
    {
        var client = platforms.Kestrel.Value.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await SignInAsync(client, "vem@exempel.se", "gissning-" + i)).Status);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // Reading the page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/konto/logga-in")).StatusCode);
    }

    [Fact]
    public async Task A_fresh_PostgreSQL_start_logs_no_missing_key_ring_table()
    {
        using var factory = new PlatformFactory(store: PlatformStore.Postgres);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/konto/logga-in")).StatusCode);
        Assert.DoesNotContain(factory.Log, line => line.Contains("web_data_protection_keys", StringComparison.Ordinal) && line.Contains("does not exist", StringComparison.Ordinal));
        var errors = factory.Log.Where(line => line.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n---\n", errors));
    }
}
