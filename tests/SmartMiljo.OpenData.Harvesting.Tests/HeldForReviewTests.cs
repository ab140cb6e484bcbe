using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Nothing lost silently: a source file cut mid-record, or a new version with far fewer rows than the one
/// readers see, is held for review instead of published; the last good version stays served byte for byte
/// until a publisher approves the held one through the admin API.
/// </summary>
public class HeldForReviewTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;
    private string _full = "";

    public HeldForReviewTests() : this(StoreProvider.Sqlite) { }

    protected HeldForReviewTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _full = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private string[] Lines => _full.TrimEnd('\n', '\r').Split('\n');

    /// <summary>Harvests the 12-row file once, and returns the admin client, the source and the served CSV.</summary>
    private async Task<(HttpClient Admin, Guid Source, byte[] Served)> PublishFullFileAsync(string org)
    {
        var admin = _platform.Admin();
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(_full), "text/csv");
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/bad.csv").ToString(),
        });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Contains(first.GetProperty("status").GetString(), new[] { "Succeeded", "SucceededWithWarnings" });
        Assert.Equal(12, await CountAsync(org));
        return (admin, sourceId, await _platform.CreateClient().GetByteArrayAsync($"/download/{org}/badplatser.csv"));
    }

    private async Task<int> CountAsync(string org) =>
        (await _platform.CreateClient().GetFromJsonAsync<JsonElement>($"/odata/{org}/badplatser?$count=true")).GetProperty("@odata.count").GetInt32();

    [Fact]
    public async Task A_file_cut_mid_record_is_held_and_published_only_once_approved()
    {
        var (admin, sourceId, served) = await PublishFullFileAsync("klippkommun");
        // Four whole rows and half of the fifth, as a transfer that broke off would leave it.
        var fifth = Lines[5];
        var cut = string.Join('\n', Lines[..5]) + "\n" + fifth[..(fifth.Length / 2)];
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(cut), "text/csv");

        var held = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("HeldForReview", held.GetProperty("status").GetString());
        Assert.Contains("ends in the middle of a row (row 5)", held.GetProperty("summaryEn").GetString());
        Assert.Contains("held for review", held.GetProperty("summaryEn").GetString());
        Assert.Contains("avklippt", held.GetProperty("summarySv").GetString());
        Assert.Contains("granskning", held.GetProperty("summarySv").GetString());
        Assert.Contains(held.GetProperty("stages").EnumerateArray(), s =>
            s.GetProperty("stage").GetString() == "Publish" && s.GetProperty("outcome").GetString() == "Skipped");

        // Readers still get the last good version, byte for byte.
        var client = _platform.CreateClient();
        Assert.Equal(served, await client.GetByteArrayAsync("/download/klippkommun/badplatser.csv"));
        Assert.Equal(12, await CountAsync("klippkommun"));

        // Nobody without a key may approve it; the publisher may.
        var runId = held.GetProperty("id").GetGuid();
        var anonymous = await client.PostAsync($"/api/admin/runs/{runId}/approve", null);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, anonymous.StatusCode.ToString());
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var approved = await admin.PostAsync($"/api/admin/runs/{runId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var approvedRun = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("HeldForReview", approvedRun.GetProperty("status").GetString());
        Assert.Contains("Approved", approvedRun.GetProperty("summaryEn").GetString());
        Assert.Equal(4, await CountAsync("klippkommun"));

        // The harvest queued by the approval finds the source unchanged and generates the download files.
        var after = await HarvestPlatform.WaitForRunAsync(admin, sourceId, known);
        Assert.Equal("Unchanged", after.GetProperty("status").GetString());
        var csv = await client.GetStringAsync("/download/klippkommun/badplatser.csv");
        Assert.Equal(5, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Approving twice is a clear conflict, not a second publish.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/runs/{runId}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task A_sharp_drop_in_rows_is_held_and_the_next_good_delivery_replaces_the_held_version()
    {
        var (admin, sourceId, served) = await PublishFullFileAsync("fallkommun");
        // A complete, well-formed file with only 3 of the 12 rows.
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(string.Join('\n', Lines[..4]) + "\n"), "text/csv");

        var held = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("HeldForReview", held.GetProperty("status").GetString());
        Assert.Contains("row count fell from 12 (version 1) to 3", held.GetProperty("summaryEn").GetString());
        Assert.Contains("föll från 12", held.GetProperty("summarySv").GetString());
        Assert.Equal(served, await _platform.CreateClient().GetByteArrayAsync("/download/fallkommun/badplatser.csv"));

        // The source is repaired (one row changed): published as usual, and the held version is given up.
        _server.MapFile("/bad.csv", Encoding.UTF8.GetBytes(_full.Replace("Kvarnbadet", "Kvarnbadet norra")), "text/csv");
        var repaired = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Contains(repaired.GetProperty("status").GetString(), new[] { "Succeeded", "SucceededWithWarnings" });
        Assert.Equal(12, await CountAsync("fallkommun"));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/runs/{held.GetProperty("id").GetGuid()}/approve", null)).StatusCode);
    }

    [Theory]
    [InlineData(100, 49, 0.5, true)]
    [InlineData(100, 50, 0.5, false)]
    [InlineData(100, 10, 0.95, false)]
    [InlineData(100, 0, 1.0, false)]
    [InlineData(100, 1, 0.0, false)]
    [InlineData(0, 0, 0.5, false)]
    public void The_row_drop_threshold_is_a_share_of_the_current_version(long current, long rows, double threshold, bool held)
    {
        var version = new DatasetVersion { TableName = "t", SchemaJson = "{}", Number = 3, CreatedAt = DateTimeOffset.UnixEpoch };
        version.RecordLoad(current, null, null, null, null);
        Assert.Equal(held, ReviewRules.RowsDropped(rows, version, threshold) is not null);
    }
}

public sealed class PostgresHeldForReviewTests() : HeldForReviewTests(StoreProvider.Postgres);
