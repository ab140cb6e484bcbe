using System.Net.Http.Json;
using System.Text.Json;

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
}
