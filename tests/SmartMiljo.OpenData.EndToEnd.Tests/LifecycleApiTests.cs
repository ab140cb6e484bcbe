using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// The admin API after the first publication: an organisation's details, keys and members, changing and
/// removing sources, withdrawing datasets. Each operation is asked by every kind of caller about organisation
/// b, and each one's effect is read back from the catalogue, DCAT, the dataset's page and the audit log.
/// </summary>
public sealed class LifecycleApiTests : IClassFixture<AdminApiTests.Platform>
{
    private readonly PlatformFactory _factory;
    private readonly TwoOrganisations _two;

    public LifecycleApiTests(AdminApiTests.Platform platform) => (_factory, _two) = (platform.Factory, platform.Organisations);

    private HttpClient As(KeyHolder holder) => _two.Client(holder switch
    {
        KeyHolder.OtherOrganisation => _two.KeyOfA,
        KeyHolder.OwnOrganisation => _two.KeyOfB,
        KeyHolder.Instance => PlatformFactory.ApiKey,
        _ => null,
    });

    private static int Unique => Random.Shared.Next(100_000, 999_999);

    [Theory]
    [InlineData("PATCH /organisations/b", KeyHolder.Nobody, 401)]
    [InlineData("PATCH /organisations/b", KeyHolder.OtherOrganisation, 403)]
    [InlineData("PATCH /organisations/b", KeyHolder.OwnOrganisation, 403)]
    [InlineData("PATCH /organisations/b", KeyHolder.Instance, 200)]
    [InlineData("GET /organisations/b/keys", KeyHolder.Nobody, 401)]
    [InlineData("GET /organisations/b/keys", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /organisations/b/keys", KeyHolder.OwnOrganisation, 200)]
    [InlineData("GET /organisations/b/keys", KeyHolder.Instance, 200)]
    [InlineData("POST /organisations/b/keys", KeyHolder.Nobody, 401)]
    [InlineData("POST /organisations/b/keys", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /organisations/b/keys", KeyHolder.OwnOrganisation, 201)]
    [InlineData("POST /organisations/b/keys", KeyHolder.Instance, 201)]
    [InlineData("DELETE /organisations/b/keys/{key}", KeyHolder.Nobody, 401)]
    [InlineData("DELETE /organisations/b/keys/{key}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("DELETE /organisations/b/keys/{key}", KeyHolder.OwnOrganisation, 200)]
    [InlineData("DELETE /organisations/b/keys/{key}", KeyHolder.Instance, 200)]
    [InlineData("GET /organisations/b/members", KeyHolder.Nobody, 401)]
    [InlineData("GET /organisations/b/members", KeyHolder.OtherOrganisation, 403)]
    [InlineData("GET /organisations/b/members", KeyHolder.OwnOrganisation, 403)]
    [InlineData("GET /organisations/b/members", KeyHolder.Instance, 200)]
    [InlineData("POST /organisations/b/members", KeyHolder.Nobody, 401)]
    [InlineData("POST /organisations/b/members", KeyHolder.OtherOrganisation, 403)]
    [InlineData("POST /organisations/b/members", KeyHolder.OwnOrganisation, 403)]
    [InlineData("POST /organisations/b/members", KeyHolder.Instance, 201)]
    [InlineData("DELETE /organisations/b/members/{member}", KeyHolder.Nobody, 401)]
    [InlineData("DELETE /organisations/b/members/{member}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("DELETE /organisations/b/members/{member}", KeyHolder.OwnOrganisation, 403)]
    [InlineData("DELETE /organisations/b/members/{member}", KeyHolder.Instance, 204)]
    [InlineData("PATCH /sources/{source}", KeyHolder.Nobody, 401)]
    [InlineData("PATCH /sources/{source}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("PATCH /sources/{source}", KeyHolder.OwnOrganisation, 200)]
    [InlineData("PATCH /sources/{source}", KeyHolder.Instance, 200)]
    [InlineData("DELETE /sources/{source}", KeyHolder.Nobody, 401)]
    [InlineData("DELETE /sources/{source}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("DELETE /sources/{source}", KeyHolder.OwnOrganisation, 204)]
    [InlineData("DELETE /sources/{source}", KeyHolder.Instance, 204)]
    [InlineData("DELETE /datasets/{dataset}", KeyHolder.Nobody, 401)]
    [InlineData("DELETE /datasets/{dataset}", KeyHolder.OtherOrganisation, 403)]
    [InlineData("DELETE /datasets/{dataset}", KeyHolder.OwnOrganisation, 200)]
    [InlineData("DELETE /datasets/{dataset}", KeyHolder.Instance, 200)]
    public async Task Every_lifecycle_endpoint_answers_each_caller_as_its_rights_say_and_another_organisations_key_changes_nothing(
        string endpoint, KeyHolder holder, int expected)
    {
        var n = Unique;
        var path = "/api/admin" + endpoint.Split(' ')[1];
        // Each case gets its own object of b's, so a case that removes it leaves the others theirs.
        Guid? source = null, dataset = null;
        if (path.Contains("{source}") || path.Contains("{dataset}")) (source, dataset) = await CreateSourceOfBAsync($"fall-{n}");
        var key = path.Contains("{key}") ? await IssueKeyOfBAsync() : (Guid?)null;
        var member = path.Contains("{member}") ? await AddMemberOfBAsync($"medlem-{n}@b.se", "viewer") : (Guid?)null;
        path = path.Replace("{source}", source.ToString()).Replace("{dataset}", dataset.ToString())
            .Replace("{key}", key.ToString()).Replace("{member}", member.ToString());
        HttpContent? body = endpoint.Split(' ')[1] switch
        {
            "/organisations/b" => JsonContent.Create(new { contactPhone = $"0501-{n}" }),
            "/organisations/b/members" => JsonContent.Create(new { email = $"ny-{n}@b.se", role = "viewer", password = "Losenord123456" }),
            "/sources/{source}" => JsonContent.Create(new { name = $"Nytt namn {n}" }),
            _ => null,
        };
        var method = new HttpMethod(endpoint.Split(' ')[0]);
        var response = await As(holder).SendAsync(new HttpRequestMessage(method, path) { Content = body });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {holder}: {(int)response.StatusCode} {text}");
        if (expected >= 400)
        {
            Assert.DoesNotContain("smk_", text);
            Assert.DoesNotContain("@b.se", text);
            // Nothing changed: the object is still there, as it was.
            if (source is { } s) Assert.Equal(HttpStatusCode.OK, (await As(KeyHolder.Instance).GetAsync($"/api/admin/sources/{s}")).StatusCode);
            if (key is { } k) Assert.Contains(k.ToString(), await As(KeyHolder.Instance).GetStringAsync("/api/admin/organisations/b/keys"));
            if (member is { } m) Assert.Contains(m.ToString(), await As(KeyHolder.Instance).GetStringAsync("/api/admin/organisations/b/members"));
        }
    }

    [Fact]
    public async Task A_new_key_is_shown_once_works_at_once_and_stops_working_when_revoked_and_the_audit_log_names_organisation_actor_and_object()
    {
        var asB = As(KeyHolder.OwnOrganisation);
        var created = await asB.PostAsync("/api/admin/organisations/b/keys", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = issued.GetProperty("secret").GetString()!;
        var id = issued.GetProperty("id").GetGuid();
        Assert.StartsWith("smk_", secret);
        Assert.StartsWith(issued.GetProperty("prefix").GetString()!, secret);

        // Listed without its secret; the new key acts for b.
        var listed = await asB.GetStringAsync("/api/admin/organisations/b/keys");
        Assert.Contains(id.ToString(), listed);
        Assert.DoesNotContain(secret, listed);
        var withNewKey = _two.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await withNewKey.GetAsync($"/api/admin/sources/{_two.SourceOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await withNewKey.GetAsync("/api/admin/organisations/a/keys")).StatusCode);

        // a's key cannot revoke it, even naming it under its own organisation.
        Assert.Equal(HttpStatusCode.NotFound, (await As(KeyHolder.OtherOrganisation).DeleteAsync($"/api/admin/organisations/a/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withNewKey.GetAsync($"/api/admin/sources/{_two.SourceOfB}")).StatusCode);

        var revoked = await asB.DeleteAsync($"/api/admin/organisations/b/keys/{id}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withNewKey.GetAsync($"/api/admin/sources/{_two.SourceOfB}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await asB.GetStringAsync("/api/admin/organisations/b/keys"));
        Assert.Contains(id.ToString(), await asB.GetStringAsync("/api/admin/organisations/b/keys?includeRevoked=true"));
        Assert.Equal(HttpStatusCode.NotFound, (await asB.DeleteAsync($"/api/admin/organisations/b/keys/{id}")).StatusCode);

        var prefix = issued.GetProperty("prefix").GetString()!;
        var entries = await AuditAsync(e => e.Target == prefix);
        var keyOfBPrefix = _two.KeyOfB[..10];
        Assert.Contains(entries, e => e.Action == "apikey.create" && e.OrganisationId == _two.B && e.UserName.Contains(keyOfBPrefix) && e.Details == "Kommun b");
        Assert.Contains(entries, e => e.Action == "apikey.revoke" && e.OrganisationId == _two.B && e.UserName.Contains(keyOfBPrefix));
    }

    [Fact]
    public async Task Members_are_added_with_a_role_listed_changed_and_revoked_and_a_bad_role_or_address_is_named()
    {
        // Members are the organisation administrators' (and the instance's) business; an organisation key is a publisher's.
        var asB = As(KeyHolder.Instance);
        var email = $"anna-{Unique}@b.se";
        var noPassword = await asB.PostAsJsonAsync("/api/admin/organisations/b/members", new { email, role = "publisher" });
        Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        Assert.True((await noPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _));

        var bad = await asB.PostAsJsonAsync("/api/admin/organisations/b/members", new { email = "inte en adress", role = "ägare" });
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("role", out _));

        var added = await asB.PostAsJsonAsync("/api/admin/organisations/b/members", new { email, role = "publisher", name = "Anna Andersson", password = "Losenord123456" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var member = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("publisher", member.GetProperty("role").GetString());
        var userId = member.GetProperty("userId").GetGuid();

        // The same person again: the role changes, no second account.
        var changed = await asB.PostAsJsonAsync("/api/admin/organisations/b/members", new { email, role = "administrator" });
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(userId, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid());
        var members = await asB.GetFromJsonAsync<JsonElement>("/api/admin/organisations/b/members");
        Assert.Equal("administrator", members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == userId).GetProperty("role").GetString());

        // No organisation key manages members (a key is issued by publishers, so it acts as one), and b's member
        // cannot be taken under another organisation's address.
        Assert.Equal(HttpStatusCode.Forbidden, (await As(KeyHolder.OtherOrganisation).DeleteAsync($"/api/admin/organisations/a/members/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(KeyHolder.OwnOrganisation).DeleteAsync($"/api/admin/organisations/b/members/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asB.DeleteAsync($"/api/admin/organisations/a/members/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asB.DeleteAsync($"/api/admin/organisations/b/members/{userId}")).StatusCode);
        Assert.DoesNotContain(userId.ToString(), await asB.GetStringAsync("/api/admin/organisations/b/members"));
        Assert.Equal(HttpStatusCode.NotFound, (await asB.DeleteAsync($"/api/admin/organisations/b/members/{userId}")).StatusCode);

        var entries = await AuditAsync(e => e.Target == email);
        Assert.Contains(entries, e => e.Action == "member.grant" && e.OrganisationId == _two.B && e.Details == "Kommun b: publisher");
        Assert.Contains(entries, e => e.Action == "member.grant" && e.Details == "Kommun b: administrator");
        Assert.Contains(entries, e => e.Action == "member.revoke" && e.OrganisationId == _two.B && e.UserName == "instance-api-key");
    }

    [Fact]
    public async Task An_organisations_details_are_edited_with_the_same_checks_as_at_creation()
    {
        var asB = As(KeyHolder.OwnOrganisation);
        var asInstance = As(KeyHolder.Instance); // details are the organisation administrators' business, not a key's
        var wrongCheckDigit = await asInstance.PatchAsJsonAsync("/api/admin/organisations/b",
            new { organisationNumber = "2120001521", municipalityCode = "149", spatialIri = "inte-en-iri", homepage = "www.b.se" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCheckDigit.StatusCode);
        var errors = (await wrongCheckDigit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "organisationNumber", "municipalityCode", "spatialIri", "homepage" })
            Assert.True(errors.TryGetProperty(field, out _), field + ": " + errors);
        Assert.Equal(HttpStatusCode.Conflict, (await asInstance.PatchAsJsonAsync("/api/admin/organisations/b", new { organisationNumber = "2120001637" })).StatusCode);

        var edited = await asInstance.PatchAsJsonAsync("/api/admin/organisations/b", new
        {
            municipalityCode = "1493", homepage = "https://www.b.se/", contactEmail = "kontakt@b.se", spatialIri = "https://sws.geonames.org/2699050/",
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var organisation = (await asB.GetFromJsonAsync<JsonElement>("/api/admin/organisations")).EnumerateArray().Single();
        Assert.Equal("1493", organisation.GetProperty("municipalityCode").GetString());
        Assert.Equal("https://www.b.se/", organisation.GetProperty("homepage").GetString());
        Assert.Equal("2120001520", organisation.GetProperty("organisationNumber").GetString());
        // The DCAT catalogue describes the publisher with the new details.
        var dcat = await _factory.CreateClient().GetStringAsync("/datasets/dcat/b");
        Assert.Contains("https://www.b.se/", dcat);

        // An empty text removes an optional detail.
        await asInstance.PatchAsJsonAsync("/api/admin/organisations/b", new { municipalityCode = "" });
        Assert.Equal(JsonValueKind.Null,
            (await asB.GetFromJsonAsync<JsonElement>("/api/admin/organisations"))[0].GetProperty("municipalityCode").ValueKind);
        Assert.Contains(await AuditAsync(e => e.Action == "organisation.edit"), e => e.OrganisationId == _two.B && e.Details!.Contains("homepage"));
    }

    [Fact]
    public async Task A_new_address_for_a_source_becomes_version_2_of_the_same_dataset_and_a_bad_one_changes_nothing()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var csv = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        server.Map("/2025.csv", context => context.Response.WriteAsync(csv));
        server.Map("/2026.csv", context => context.Response.WriteAsync(csv.Replace("Norrvikens badplats", "Norrvikens strandbad")));
        var slug = $"bad-{Unique}";
        var asB = As(KeyHolder.OwnOrganisation);
        var created = await asB.PostAsJsonAsync("/api/admin/organisations/b/sources",
            new { name = "Badplatser", datasetSlug = slug, specificationId = "badplatser", location = server.Url("/2025.csv").ToString(), harvestNow = true });
        var source = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = source.GetProperty("id").GetGuid();
        var datasetId = source.GetProperty("datasetId").GetGuid();
        Assert.Equal("Succeeded", (await PlatformFactory.WaitForNewRunAsync(asB, id, 0)).GetProperty("status").GetString());

        var refused = await asB.PatchAsJsonAsync($"/api/admin/sources/{id}", new { location = "ftp://b.se/data.csv", settings = new { sheet = 3 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedAgain = await asB.PatchAsJsonAsync($"/api/admin/sources/{id}", new { location = _two.DropFolderOfB + "/../../a" });
        Assert.Equal(HttpStatusCode.BadRequest, refusedAgain.StatusCode);
        Assert.Contains("2025.csv", (await asB.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{id}")).GetProperty("location").GetString());

        var patched = await asB.PatchAsJsonAsync($"/api/admin/sources/{id}", new { location = server.Url("/2026.csv").ToString() });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var edited = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(datasetId, edited.GetProperty("datasetId").GetGuid());
        // Harvested at once, without being asked.
        var run = await PlatformFactory.WaitForNewRunAsync(asB, id, 1);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        Assert.Equal("source-changed", run.GetProperty("trigger").GetString());

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            Assert.Equal(1, await db.Datasets.CountAsync(d => d.Slug == slug));
            var versions = await db.DatasetVersions.Where(v => v.DatasetId == datasetId).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync();
            Assert.Equal(new[] { 1, 2 }, versions);
        }
        var client = _factory.CreateClient();
        Assert.Contains("Norrvikens strandbad", await client.GetStringAsync($"/download/b/{slug}.csv"));
        // One dataset in DCAT, not a second one for the new file.
        var triples = new HttpRequestMessage(HttpMethod.Get, "/datasets/dcat/b");
        triples.Headers.Accept.ParseAdd("application/n-triples");
        var dcat = await (await client.SendAsync(triples)).Content.ReadAsStringAsync();
        Assert.Single(dcat.Split('\n'), line => line.Contains(slug) && line.Contains("rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"));
        Assert.Contains(await AuditAsync(e => e.Action == "source.edit"), e => e.OrganisationId == _two.B && e.Details!.EndsWith("location"));
    }

    [Fact]
    public async Task A_withdrawn_dataset_is_gone_from_dcat_odata_and_downloads_its_page_answers_410_and_its_versions_stay_as_history()
    {
        var (sourceId, datasetId, slug) = await HarvestedDatasetOfBAsync();
        var asB = As(KeyHolder.OwnOrganisation);
        var client = _factory.CreateClient();
        Assert.Contains(slug, await client.GetStringAsync("/datasets/dcat/b"));
        var entitySet = PublicUrls.EntitySetName("b", slug, regional: false);
        Assert.Contains(entitySet, await client.GetStringAsync("/odata/b"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/download/b/{slug}.csv")).StatusCode);

        var withdrawn = await asB.DeleteAsync($"/api/admin/datasets/{datasetId}");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());

        Assert.DoesNotContain(slug, await client.GetStringAsync("/datasets/dcat/b"));
        Assert.DoesNotContain(slug, await client.GetStringAsync("/datasets/dcat"));
        Assert.DoesNotContain(entitySet, await client.GetStringAsync("/odata/b"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/download/b/{slug}.csv")).StatusCode);

        // People get a page that says so and points to the organisation; machines a bare 410.
        var page = await client.GetAsync($"/datasets/b/{slug}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("avpublicerades", html);
        Assert.Contains("href=\"/organisationer/b\"", html);
        var rdf = new HttpRequestMessage(HttpMethod.Get, $"/datasets/b/{slug}");
        rdf.Headers.Accept.ParseAdd("text/turtle");
        Assert.Equal(HttpStatusCode.Gone, (await client.SendAsync(rdf)).StatusCode);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            Assert.Equal(DatasetStatus.Withdrawn, (await db.Datasets.SingleAsync(d => d.Id == datasetId)).Status);
            Assert.Equal(1, await db.DatasetVersions.CountAsync(v => v.DatasetId == datasetId));
            Assert.False((await db.HarvestSources.SingleAsync(s => s.Id == sourceId)).Enabled);
        }
        // Withdrawing again is no error; the audit log says who withdrew what.
        Assert.Equal(HttpStatusCode.OK, (await asB.DeleteAsync($"/api/admin/datasets/{datasetId}")).StatusCode);
        Assert.Contains(await AuditAsync(e => e.Action == "dataset.withdraw"), e => e.OrganisationId == _two.B && e.Target == $"b/{slug}");
    }

    [Fact]
    public async Task A_draft_never_published_is_deleted_with_its_source()
    {
        var (sourceId, datasetId) = await CreateSourceOfBAsync($"utkast-{Unique}");
        var deleted = await As(KeyHolder.OwnOrganisation).DeleteAsync($"/api/admin/datasets/{datasetId}");
        Assert.Equal("deleted", (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await As(KeyHolder.Instance).GetAsync($"/api/admin/sources/{sourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await As(KeyHolder.Instance).DeleteAsync($"/api/admin/datasets/{datasetId}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_source_withdraws_the_dataset_it_published()
    {
        var (sourceId, datasetId, slug) = await HarvestedDatasetOfBAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await As(KeyHolder.OwnOrganisation).DeleteAsync($"/api/admin/sources/{sourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await As(KeyHolder.Instance).GetAsync($"/api/admin/sources/{sourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await _factory.CreateClient().GetAsync($"/datasets/b/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await _factory.CreateClient().GetStringAsync("/datasets/dcat/b"));
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().DatasetVersions.CountAsync(v => v.DatasetId == datasetId));
    }

    [Fact]
    public async Task The_new_operations_are_described_in_openapi()
    {
        var paths = (await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi")).GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/api/admin/organisations/{org}"] = ["patch"],
            ["/api/admin/organisations/{org}/keys"] = ["get", "post"],
            ["/api/admin/organisations/{org}/keys/{id}"] = ["delete"],
            ["/api/admin/organisations/{org}/members"] = ["get", "post"],
            ["/api/admin/organisations/{org}/members/{id}"] = ["delete"],
            ["/api/admin/sources/{id}"] = ["get", "patch", "delete"],
            ["/api/admin/datasets/{id}"] = ["delete"],
        };
        foreach (var (path, methods) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), path);
            foreach (var method in methods) Assert.True(item.TryGetProperty(method, out _), $"{method} {path}");
        }
    }

    private async Task<(Guid Source, Guid Dataset)> CreateSourceOfBAsync(string slug)
    {
        var created = await As(KeyHolder.Instance).PostAsJsonAsync("/api/admin/organisations/b/sources",
            new { name = slug, datasetSlug = slug, location = "https://example.se/data.csv", enabled = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (source.GetProperty("id").GetGuid(), source.GetProperty("datasetId").GetGuid());
    }

    /// <summary>A dataset of b's published from a CSV file on a local web server.</summary>
    private async Task<(Guid Source, Guid Dataset, string Slug)> HarvestedDatasetOfBAsync()
    {
        var slug = $"publicerad-{Unique}";
        await using var server = await LocalHttpServer.StartAsync();
        server.Map("/badplatser.csv", context => context.Response.Body.WriteAsync(_two.PublishedCsvOfB).AsTask());
        var asB = As(KeyHolder.OwnOrganisation);
        var created = await asB.PostAsJsonAsync("/api/admin/organisations/b/sources", new
        {
            name = slug, datasetSlug = slug, specificationId = "badplatser", location = server.Url("/badplatser.csv").ToString(), harvestNow = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = source.GetProperty("id").GetGuid();
        var run = await PlatformFactory.WaitForNewRunAsync(asB, id, 0, TimeSpan.FromMinutes(3));
        Assert.True(run.GetProperty("status").GetString() == "Succeeded", run.ToString());
        return (id, source.GetProperty("datasetId").GetGuid(), slug);
    }

    private async Task<Guid> IssueKeyOfBAsync()
    {
        var created = await As(KeyHolder.Instance).PostAsync("/api/admin/organisations/b/keys", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> AddMemberOfBAsync(string email, string role)
    {
        var added = await As(KeyHolder.Instance).PostAsJsonAsync("/api/admin/organisations/b/members", new { email, role, password = "Losenord123456" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
    }

    private async Task<List<AuditEntry>> AuditAsync(Func<AuditEntry, bool> where)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WebDbContext>().Audit.AsNoTracking().ToListAsync()).Where(where).ToList();
    }
}
