using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// Organisation a, with its own valid key, tries to reach organisation b's data on a running platform:
/// replace b's published rows, point a source of its own at b's folders, harvest or read b's sources.
/// Every attempt is refused, the process lives, nothing of b's changed and b's last good version is
/// still served byte for byte.
/// </summary>
public class AuthorisationHostileTests : IAsyncLifetime
{
    private readonly PlatformFactory _platform;
    private TwoOrganisations _two = null!;

    public AuthorisationHostileTests() : this(PlatformStore.Sqlite) { }
    protected AuthorisationHostileTests(PlatformStore store) => _platform = new PlatformFactory(store: store);

    public async Task InitializeAsync() => _two = await TwoOrganisations.CreateAsync(_platform);

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Organisation_a_cannot_replace_read_or_redirect_organisation_bs_data()
    {
        var admin = _platform.CreateAdminClient();
        var sourcesOfBBefore = await admin.GetStringAsync("/api/admin/sources?org=b");
        var runsOfBBefore = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{_two.SourceOfB}/runs")).GetArrayLength();
        var asA = _two.Client(_two.KeyOfA);

        // The reproduction: a's key uploads its own rows to b's source.
        var replacement = "namn;lat;lon\nInkräktarens badplats;58.7;13.8\n"u8.ToArray();
        var upload = await asA.PostAsync($"/api/admin/sources/{_two.SourceOfB}/upload?fileName=badplatser.csv", new ByteArrayContent(replacement));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(_two.DropFolderOfB).Where(f => File.ReadAllBytes(f).SequenceEqual(replacement)));

        // a's own sources on b's drop folder or b's unpublished wizard upload, published with harvestNow.
        foreach (var location in new[] { _two.DropFolderOfB, _two.DraftUploadOfB, Path.Combine(_two.DropFolderOfB, "..", "..", "organisations", "b") })
        {
            var register = await asA.PostAsJsonAsync("/api/admin/organisations/a/sources", new
            {
                name = "Kopia", datasetSlug = $"kopia-{Guid.NewGuid():N}"[..20], kind = location == _two.DraftUploadOfB ? "Csv" : "FileDrop",
                location, harvestNow = true,
            });
            Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        }

        // Harvesting, reading and registering in b's name.
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.PostAsync($"/api/admin/sources/{_two.SourceOfB}/harvest", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.GetAsync($"/api/admin/sources/{_two.SourceOfB}/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.GetAsync($"/api/admin/runs/{_two.RunOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asA.PostAsJsonAsync("/api/admin/organisations/b/sources",
            new { name = "Falsk", location = "https://example.se/x.csv", harvestNow = true })).StatusCode);
        Assert.DoesNotContain(_two.SourceOfB.ToString(), await asA.GetStringAsync("/api/admin/sources"));

        // Anonymous reads of the admin API show nothing.
        var anonymous = _two.Client(null);
        foreach (var read in new[] { "/api/admin/sources", "/api/admin/organisations", $"/api/admin/sources/{_two.SourceOfB}/runs", "/api/admin/dcat/mqa?checkUrls=true" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(read)).StatusCode);

        // The process is alive; nothing of b's changed; b's last good version is served byte for byte.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(sourcesOfBBefore, await admin.GetStringAsync("/api/admin/sources?org=b"));
        Assert.Equal(runsOfBBefore, (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{_two.SourceOfB}/runs")).GetArrayLength());
        Assert.Equal(_two.PublishedCsvOfB, await anonymous.GetByteArrayAsync(TwoOrganisations.DownloadOfB));
        Assert.DoesNotContain("Inkräktarens", await anonymous.GetStringAsync("/odata/b/badplatser"));
        Assert.DoesNotContain("/odata/a/", await anonymous.GetStringAsync("/datasets/dcat.ttl"));
    }

    [Fact]
    public async Task The_public_dataset_page_shows_no_source_address_rejected_value_or_server_path()
    {
        var page = await _two.Client(null).GetStringAsync("/datasets/b/badplatser");
        Assert.DoesNotContain(_platform.Data.Path, page);
        Assert.DoesNotContain("drop/organisations", page);
        Assert.DoesNotContain("<table class=\"issues\"", page);
    }
}

public sealed class PostgresAuthorisationHostileTests() : AuthorisationHostileTests(PlatformStore.Postgres);
