using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>What `dotnet run` gives a new user: the demo organisation, harvested at start-up.</summary>
public class SeededDemoTests
{
    /// <summary>The store the platform runs on; overridden to run the same tests on PostgreSQL.</summary>
    protected virtual PlatformStore Store => PlatformStore.Sqlite;

    [Fact]
    public async Task The_demo_data_is_served_within_seconds_of_start_up()
    {
        await using var platform = new PlatformFactory(seed: true, store: Store);
        var client = platform.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement bad = default, gym = default;
        while (DateTime.UtcNow < deadline)
        {
            var a = await client.GetAsync("/odata/exempelkommun/badplatser?$count=true");
            var b = await client.GetAsync("/odata/exempelkommun/utegym?$count=true");
            if (a.IsSuccessStatusCode && b.IsSuccessStatusCode)
            {
                bad = await a.Content.ReadFromJsonAsync<JsonElement>();
                gym = await b.Content.ReadFromJsonAsync<JsonElement>();
                break;
            }
            await Task.Delay(250);
        }
        Assert.Equal(12, bad.GetProperty("@odata.count").GetInt32());
        Assert.Equal(6, gym.GetProperty("@odata.count").GetInt32());
        // The GeoJSON without a specification got an inferred, typed schema.
        var first = gym.GetProperty("value")[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("antal_stationer").ValueKind);
        Assert.True(first.GetProperty("belysning").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    /// <summary>The demo's datasets fill every field a publisher can set: each MQA indicator about the dataset itself is
    /// met, and with the distributions' indicators they score Sweden's maximum, 375 of 375.</summary>
    [Fact]
    public async Task The_demo_datasets_fill_every_field_the_quality_score_asks_for()
    {
        await using var platform = new PlatformFactory(seed: true, store: Store);
        var admin = platform.CreateAdminClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement mqa = default;
        while (DateTime.UtcNow < deadline)
        {
            mqa = await admin.GetFromJsonAsync<JsonElement>("/api/admin/dcat/mqa?organisation=exempelkommun");
            if (mqa.GetProperty("datasets").GetArrayLength() == 2) break;
            await Task.Delay(250);
        }
        Assert.Equal(2, mqa.GetProperty("datasets").GetArrayLength());
        string[] datasetLevel = ["dcat:keyword", "dcat:theme", "dct:spatial", "dct:temporal", "dct:accessRights", "dcat:contactPoint",
            "dct:publisher", "dct:issued", "dct:modified"];
        foreach (var dataset in mqa.GetProperty("datasets").EnumerateArray())
        {
            var indicators = dataset.GetProperty("indicators").EnumerateArray().ToList();
            Assert.Equal(10, indicators.Count(i => datasetLevel.Contains(i.GetProperty("property").GetString())));
            foreach (var indicator in indicators.Where(i => datasetLevel.Contains(i.GetProperty("property").GetString())))
                Assert.True(indicator.GetProperty("check").GetString() == "Met", $"{dataset.GetProperty("dataset")}: {indicator}");
            // Reachability is not probed here (its 80 points are "not checked"); everything else is scored.
            Assert.All(dataset.GetProperty("indicators").EnumerateArray().Where(i => i.GetProperty("check").GetString() == "NotChecked"),
                i => Assert.Contains("svarar", i.GetProperty("name").GetString()));
        }

        // The score the publishing web shows (reachability of the platform's own addresses taken as given).
        using var scope = platform.Services.CreateScope();
        var quality = scope.ServiceProvider.GetRequiredService<SmartMiljo.OpenData.Api.Dcat.DatasetQuality>();
        foreach (var slug in new[] { "badplatser", "utegym" })
        {
            // A dataset is in the feed once published; its download files (the distributions) follow in a later stage.
            var score = await quality.ScoreAsync("exempelkommun", slug, CancellationToken.None);
            while (score is not null && score.SwedishPoints < 375 && DateTime.UtcNow < deadline + TimeSpan.FromSeconds(60))
            {
                await Task.Delay(250);
                score = await quality.ScoreAsync("exempelkommun", slug, CancellationToken.None);
            }
            Assert.NotNull(score);
            Assert.True(score.SwedishPoints == 375, $"{slug}: {score.SwedishPoints}; " + string.Join("; ", score.Todos));
        }
    }
}
