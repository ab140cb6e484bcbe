using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>Who is calling an admin endpoint about organisation b's resources.</summary>
public enum KeyHolder { Nobody, OtherOrganisation, OwnOrganisation, Instance }

public sealed class AdminApiTests : IClassFixture<AdminApiTests.Platform>
{
    public sealed class Platform : IAsyncLifetime
    {
        public PlatformFactory Factory { get; } = new();
        public TwoOrganisations Organisations { get; private set; } = null!;
        public async Task InitializeAsync() => Organisations = await TwoOrganisations.CreateAsync(Factory);
        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly PlatformFactory _factory;
    private readonly TwoOrganisations _two;

    public AdminApiTests(Platform platform) => (_factory, _two) = (platform.Factory, platform.Organisations);

    private HttpClient As(KeyHolder holder) => _two.Client(holder switch
    {
        KeyHolder.OtherOrganisation => _two.KeyOfA,
        KeyHolder.OwnOrganisation => _two.KeyOfB,
        KeyHolder.Instance => PlatformFactory.ApiKey,
        _ => null,
    });

    private static int Unique => Random.Shared.Next(100_000, 999_999);

    /// <summary>Every admin endpoint, asked about b's resources by each kind of caller: without a key 401,
    /// with a's key 403 (or a list without b's things), with b's key or the instance's key allowed.</summary>
    [Theory]
    [InlineData("GET /sources/{b}", KeyHolder.Nobody, 401)]
    [InlineData("GET /sources/{b}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /sources/{b}", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /sources/{b}", KeyHolder.Instance, 200)]
    [InlineData("GET /sources/{b}/runs", KeyHolder.Nobody, 401)]
    [InlineData("GET /sources/{b}/runs", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /sources/{b}/runs", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /sources/{b}/runs", KeyHolder.Instance, 200)]
    [InlineData("GET /runs/{run}", KeyHolder.Nobody, 401)]
    [InlineData("GET /runs/{run}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /runs/{run}", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /runs/{run}", KeyHolder.Instance, 200)]
    [InlineData("GET /sources/{b}/items", KeyHolder.Nobody, 401)]
    [InlineData("GET /sources/{b}/items", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /sources/{b}/items", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /sources/{b}/items", KeyHolder.Instance, 200)]
    [InlineData("POST /sources/{b}/harvest", KeyHolder.Nobody, 401)]
    [InlineData("POST /sources/{b}/harvest", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /sources/{b}/harvest", KeyHolder.OwnOrganisation, 202)]
    [InlineData("POST /sources/{b}/harvest", KeyHolder.Instance, 202)]
    [InlineData("POST /sources/{b}/upload", KeyHolder.Nobody, 401)]
    [InlineData("POST /sources/{b}/upload", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /sources/{b}/upload", KeyHolder.OwnOrganisation, 202)]
    [InlineData("POST /sources/{b}/upload", KeyHolder.Instance, 202)]
    [InlineData("POST /organisations/b/sources", KeyHolder.Nobody, 401)]
    [InlineData("POST /organisations/b/sources", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /organisations/b/sources", KeyHolder.OwnOrganisation, 201)]
    [InlineData("POST /organisations/b/sources", KeyHolder.Instance, 201)]
    [InlineData("POST /organisations", KeyHolder.Nobody, 401)]
    [InlineData("POST /organisations", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /organisations", KeyHolder.OwnOrganisation, 403)]
    [InlineData("POST /organisations", KeyHolder.Instance, 201)]
    [InlineData("GET /organisations", KeyHolder.Nobody, 401)]
    [InlineData("GET /organisations", KeyHolder.OtherOrganisation, 200)]
    [InlineData("GET /organisations", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /organisations", KeyHolder.Instance, 200)]
    [InlineData("GET /sources", KeyHolder.Nobody, 401)]
    [InlineData("GET /sources", KeyHolder.OtherOrganisation, 200)]
    [InlineData("GET /sources", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /sources", KeyHolder.Instance, 200)]
    [InlineData("GET /dcat/mqa", KeyHolder.Nobody, 401)]
    [InlineData("GET /dcat/mqa", KeyHolder.OtherOrganisation, 200)]
    [InlineData("GET /dcat/mqa", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /dcat/mqa", KeyHolder.Instance, 200)]
    public async Task Every_admin_endpoint_answers_each_caller_as_its_rights_say(string endpoint, KeyHolder holder, int expected)
    {
        var (method, path) = (endpoint.Split(' ')[0], "/api/admin" + endpoint.Split(' ')[1]
            .Replace("{b}", _two.SourceOfB.ToString()).Replace("{run}", _two.RunOfB.ToString()));
        var n = Unique;
        HttpContent? body = endpoint switch
        {
            "POST /sources/{b}/upload" => new ByteArrayContent(_two.PublishedCsvOfB),
            "POST /organisations/b/sources" => JsonContent.Create(new { name = $"Källa {n}", datasetSlug = $"kalla-{n}", location = "https://example.se/data.csv" }),
            "POST /organisations" => JsonContent.Create(new { slug = $"org-{n}", name = "Ny", organisationNumber = OrganisationNumber(n) }),
            _ => null,
        };
        if (endpoint == "POST /sources/{b}/upload") path += "?fileName=badplatser.csv";
        var response = await As(holder).SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {holder}: {(int)response.StatusCode} {text}");
        if (expected >= 400) Assert.DoesNotContain("badplatser", text, StringComparison.OrdinalIgnoreCase);

        // Lists hold only what the caller may read.
        if (endpoint is "GET /sources" or "GET /organisations" && expected == 200)
        {
            var seesB = text.Contains(_two.B.ToString());
            Assert.Equal(holder != KeyHolder.OtherOrganisation, seesB);
        }
    }

    [Fact]
    public async Task Another_organisations_drop_folder_upload_or_a_way_around_the_check_is_refused_as_a_location()
    {
        var asA = As(KeyHolder.OtherOrganisation);
        var ownFolder = Path.Combine(_factory.Data.Path, "drop", "organisations", "a");
        Directory.CreateDirectory(ownFolder);
        var link = Path.Combine(ownFolder, "genvag");
        if (!Directory.Exists(link)) Directory.CreateSymbolicLink(link, _two.DropFolderOfB);
        var intrusions = new[]
        {
            _two.DropFolderOfB,                                              // B's drop folder
            Path.Combine(ownFolder, "..", "b"),                              // the same through ..
            "file://" + _two.DropFolderOfB,                                  // as a file URL
            link,                                                            // through a symbolic link in A's own folder
            _two.DraftUploadOfB,                                             // B's unpublished wizard upload
            Path.GetDirectoryName(_two.DraftUploadOfB)!,                     // its folder
            Path.Combine(_factory.Data.Path, "drop"),                        // the root of every drop folder
            "/etc",
        };
        foreach (var location in intrusions)
        {
            var n = Unique;
            var response = await asA.PostAsJsonAsync("/api/admin/organisations/a/sources",
                new { name = "Intrång", datasetSlug = $"intrang-{n}", kind = "FileDrop", location });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{location}: {(int)response.StatusCode}");
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("location", out var message));
            Assert.DoesNotContain(_factory.Data.Path, message.ToString());
        }

        // Its own folder is fine.
        var own = await asA.PostAsJsonAsync("/api/admin/organisations/a/sources",
            new { name = "Egen", datasetSlug = $"egen-{Unique}", kind = "FileDrop", location = ownFolder });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task Credentials_in_a_source_address_are_stored_protected_used_by_the_harvester_and_shown_masked()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        // The server answers only with the key, so a successful harvest proves the harvester used the real address.
        server.Map("/hemlig.csv", async context =>
        {
            if (context.Request.Query["apikey"] != "S3CRET-KEY") { context.Response.StatusCode = 401; return; }
            context.Response.ContentType = "text/csv; charset=utf-8";
            await context.Response.Body.WriteAsync(csv);
        });
        var location = new UriBuilder(server.Url("/hemlig.csv")) { UserName = "kommun", Password = "l0senord", Query = "apikey=S3CRET-KEY&lang=sv" }.Uri.ToString();
        var asB = As(KeyHolder.OwnOrganisation);
        var created = await asB.PostAsJsonAsync("/api/admin/organisations/b/sources",
            new { name = "Hemlig", datasetSlug = $"hemlig-{Unique}", specificationId = "badplatser", location });
        var text = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("S3CRET-KEY", text);
        Assert.DoesNotContain("l0senord", text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        Assert.Contains("kommun:***@", JsonDocument.Parse(text).RootElement.GetProperty("location").GetString());
        Assert.Contains("apikey=***&lang=sv", JsonDocument.Parse(text).RootElement.GetProperty("location").GetString());

        Assert.StartsWith("protected:v1:", await StoredLocationAsync(id));

        var run = await HarvestAsync(id);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        foreach (var read in new[] { "/api/admin/sources", $"/api/admin/sources/{id}", $"/api/admin/sources/{id}/runs", $"/api/admin/sources/{id}/items" })
        {
            var shown = await asB.GetStringAsync(read);
            Assert.DoesNotContain("S3CRET-KEY", shown);
            Assert.DoesNotContain("l0senord", shown);
        }
        Assert.StartsWith("protected:v1:", await StoredLocationAsync(id));
    }

    [Fact]
    public async Task A_source_stored_with_plain_credentials_before_the_upgrade_still_harvests_is_shown_masked_and_protected_at_its_next_save()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        server.Map("/gammal.csv", async context =>
        {
            if (context.Request.Query["token"] != "OLD-TOKEN") { context.Response.StatusCode = 401; return; }
            context.Response.ContentType = "text/csv; charset=utf-8";
            await context.Response.Body.WriteAsync(csv);
        });
        var asB = As(KeyHolder.OwnOrganisation);
        var created = await asB.PostAsJsonAsync("/api/admin/organisations/b/sources",
            new { name = "Gammal", datasetSlug = $"gammal-{Unique}", specificationId = "badplatser", location = server.Url("/annan.csv").ToString() });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var legacy = server.Url("/gammal.csv") + "?token=OLD-TOKEN";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            // As an older version wrote it: plain text in the column.
            await db.HarvestSources.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Location, legacy));
        }
        Assert.Equal(legacy, await StoredLocationAsync(id));

        // The harvester reads the legacy value as it is.
        Assert.Equal("Succeeded", (await HarvestAsync(id)).GetProperty("status").GetString());
        // Its first read through the use cases shows it masked and protects it.
        Assert.DoesNotContain("OLD-TOKEN", await asB.GetStringAsync($"/api/admin/sources/{id}"));
        Assert.StartsWith("protected:v1:", await StoredLocationAsync(id));
        Assert.Contains((await HarvestAsync(id)).GetProperty("status").GetString(), new[] { "Succeeded", "Unchanged" });
    }

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi");
        var paths = openapi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin/organisations", out _));
        Assert.True(paths.TryGetProperty("/api/admin/sources/{id}/harvest", out _));
    }

    [Theory]
    [InlineData("Stor Bokstav", "2120001637", "slug")]
    [InlineData("ok-slug", "2120001638", "organisationNumber")]
    [InlineData("ok-slug", "212000-1637", "organisationNumber")]
    public async Task Invalid_organisations_get_a_validation_problem_naming_the_field(string slug, string number, string field)
    {
        var response = await _factory.CreateAdminClient().PostAsJsonAsync("/api/admin/organisations", new { slug, name = "Kommun", organisationNumber = number });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_source_with_a_bad_schedule_or_unknown_specification_is_refused()
    {
        var response = await _factory.CreateAdminClient().PostAsJsonAsync("/api/admin/organisations/b/sources", new
        {
            name = "Badplatser", location = "https://example.se/bad.csv", schedule = "varje natt", specificationId = "finns-inte",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("schedule", out _));
        Assert.True(errors.TryGetProperty("specificationId", out _));
    }

    private async Task<JsonElement> HarvestAsync(Guid sourceId)
    {
        var admin = _factory.CreateAdminClient();
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null)).StatusCode);
        return await PlatformFactory.WaitForNewRunAsync(admin, sourceId, known);
    }

    /// <summary>The location column as stored, read past the platform's own reading.</summary>
    private async Task<string> StoredLocationAsync(Guid sourceId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        return await db.Database.SqlQuery<string>($"SELECT \"Location\" AS \"Value\" FROM harvest_sources WHERE \"Id\" = {sourceId}").SingleAsync();
    }

    /// <summary>A valid organisationsnummer (Luhn check digit) made from <paramref name="n"/>.</summary>
    private static string OrganisationNumber(int n)
    {
        var digits = "212" + n.ToString("D6");
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return digits + ((10 - sum % 10) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
