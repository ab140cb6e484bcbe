using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>The dataset page's map draws lines and areas as they are and clusters the points. A platform of its own: the
/// dataset it publishes would change what the shared platform's search tests count.</summary>
public sealed class ShapeMapTests : IAsyncLifetime
{
    private readonly WebPlatform _platform = new();

    public Task InitializeAsync() => _platform.InitializeAsync();
    public Task DisposeAsync() => _platform.DisposeAsync();

    private const string Shapes = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"cykel-1","namn":"Cykelväg längs Kalmarsund"},
          "geometry":{"type":"LineString","coordinates":[[16.3561,56.6634],[16.3602,56.6651],[16.3655,56.6669],[16.3701,56.6702]]}},
         {"type":"Feature","properties":{"id":"park-1","namn":"Stadsparken"},
          "geometry":{"type":"Polygon","coordinates":[[[16.35,56.66],[16.36,56.66],[16.36,56.67],[16.35,56.67],[16.35,56.66]],
                                                      [[16.352,56.662],[16.354,56.662],[16.354,56.664],[16.352,56.662]]]}},
         {"type":"Feature","properties":{"id":"park-2","namn":"Två ängar"},
          "geometry":{"type":"MultiPolygon","coordinates":[[[[16.30,56.60],[16.31,56.60],[16.31,56.61],[16.30,56.60]]],
                                                           [[[16.32,56.60],[16.33,56.60],[16.33,56.61],[16.32,56.61],[16.32,56.60]]]]}},
         {"type":"Feature","properties":{"id":"bänk-1","namn":"Bänk"},"geometry":{"type":"Point","coordinates":[16.3612,56.6645]}},
         {"type":"Feature","properties":{"id":"skog-1","namn":"Dungar"},"geometry":{"type":"MultiPoint","coordinates":[[16.51,56.61],[16.52,56.62]]}}
        ]}
        """;

    [Fact]
    public async Task The_dataset_map_draws_lines_and_areas_and_clusters_the_points()
    {
        using var admin = new HttpClient { BaseAddress = _platform.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", "web-tests-key");
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/exempelkommun/sources", new
        {
            name = "Parker och cykelvägar", datasetSlug = "ytor", kind = "FileDrop", location = Path.Combine(_platform.DataPath, "drop", "ytor"),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var sourceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var upload = await admin.PostAsync($"/api/admin/sources/{sourceId}/upload?fileName=ytor.geojson", new ByteArrayContent(Encoding.UTF8.GetBytes(Shapes)));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var runs = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");
            if (runs.GetArrayLength() > 0 && runs[0].GetProperty("status").GetString() is { } status && status != "Running")
            {
                Assert.True(status is "Succeeded" or "SucceededWithWarnings", runs[0].GetRawText());
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "The upload was not harvested within 90 seconds.");
            await Task.Delay(200);
        }

        var page = await _platform.NewPageAsync();
        await page.GotoAsync("/datasets/exempelkommun/ytor");
        var map = page.Locator("#map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-points", "5");
        // The line, the area with its pond and the two meadows are drawn as shapes (SVG paths), not as markers.
        await Assertions.Expect(map).ToHaveAttributeAsync("data-shapes", "3");
        Assert.Equal(3, await page.Locator("#map path.leaflet-interactive").CountAsync());
        Assert.True(await page.Locator("#map .leaflet-marker-icon").CountAsync() > 0);
        await page.Locator("#map path.leaflet-interactive").Nth(1).ClickAsync(new() { Force = true });
        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToContainTextAsync("Stadsparken");
        await WebPlatform.ScreenshotAsync(page, "map-shapes");
    }
}
