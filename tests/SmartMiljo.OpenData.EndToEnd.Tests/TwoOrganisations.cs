using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// Two organisations on one running platform, each with its own API key: "a" (the intruder in the hostile
/// tests) and "b", whose file-drop source has published a CSV uploaded into its own drop folder, and who
/// has an unpublished wizard upload.
/// </summary>
public sealed class TwoOrganisations
{
    public required PlatformFactory Platform { get; init; }
    public required Guid A { get; init; }
    public required Guid B { get; init; }
    public required string KeyOfA { get; init; }
    public required string KeyOfB { get; init; }
    public required Guid SourceOfB { get; init; }
    public required Guid RunOfB { get; init; }
    public required string DropFolderOfB { get; init; }
    public required string DraftUploadOfB { get; init; }
    public required byte[] PublishedCsvOfB { get; init; }

    public const string DownloadOfB = "/download/b/badplatser.csv";

    public HttpClient Client(string? key)
    {
        var client = Platform.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<TwoOrganisations> CreateAsync(PlatformFactory platform)
    {
        var admin = platform.CreateAdminClient();
        var a = await CreateOrganisationAsync(admin, "a", "2120001637");
        var b = await CreateOrganisationAsync(admin, "b", "2120001520");
        var keyOfA = await IssueKeyAsync(platform, a);
        var keyOfB = await IssueKeyAsync(platform, b);

        // B's own key registers B's drop folder and uploads B's data there.
        var drop = Path.Combine(platform.Data.Path, "drop", "organisations", "b");
        Directory.CreateDirectory(drop);
        var asB = platform.CreateClient();
        asB.DefaultRequestHeaders.Add("X-Api-Key", keyOfB);
        var created = await asB.PostAsJsonAsync("/api/admin/organisations/b/sources", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "FileDrop", specificationId = "badplatser", location = drop,
            settings = new { pattern = "*.csv" },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var sourceOfB = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var csv = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        var upload = await asB.PostAsync($"/api/admin/sources/{sourceOfB}/upload?fileName=badplatser.csv", new ByteArrayContent(csv));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        // Generous: the whole suite runs in parallel on small machines.
        var run = await PlatformFactory.WaitForNewRunAsync(admin, sourceOfB, 0, TimeSpan.FromMinutes(4));
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());

        return new TwoOrganisations
        {
            Platform = platform, A = a, B = b, KeyOfA = keyOfA, KeyOfB = keyOfB, SourceOfB = sourceOfB,
            RunOfB = run.GetProperty("id").GetGuid(), DropFolderOfB = drop,
            DraftUploadOfB = await CreateDraftUploadAsync(platform, b, csv),
            PublishedCsvOfB = await admin.GetByteArrayAsync(DownloadOfB),
        };
    }

    private static async Task<Guid> CreateOrganisationAsync(HttpClient admin, string slug, string number)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new { slug, name = $"Kommun {slug}", organisationNumber = number });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<string> IssueKeyAsync(PlatformFactory platform, Guid organisationId)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<OrganisationApiKeys>().IssueAsync(organisationId, "test", CancellationToken.None);
        return secret;
    }

    /// <summary>A file B's publisher uploaded in the wizard and has not published: its path as the draft keeps it.</summary>
    private static async Task<string> CreateDraftUploadAsync(PlatformFactory platform, Guid organisationId, byte[] content)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var draft = new DatasetDraft { OrganisationId = organisationId, IsUpload = true, OriginalFileName = "hemlig.csv", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        var folder = DraftUploads.FolderOf(platform.Data.Path, draft.Id);
        Directory.CreateDirectory(folder);
        draft.Location = Path.Combine(folder, "hemlig.csv");
        await File.WriteAllBytesAsync(draft.Location, content);
        web.Drafts.Add(draft);
        await web.SaveChangesAsync();
        return draft.Location;
    }
}
