using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// A record the catalogue cannot take costs its own item, never the run: reconciling an item (registering it,
/// taking its description over) is inside the item's own failure boundary like fetching and loading are. The
/// record here is refused by PostgreSQL itself: its dataset IRI, the item's key, is longer than the 2,000
/// characters a key may have. Served by a real HTTP server on 127.0.0.1.
/// </summary>
public sealed class ItemFailureTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new(provider: StoreProvider.Postgres);
    private LocalHttpServer _portal = null!;

    public async Task InitializeAsync() => _portal = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_record_the_catalogue_refuses_fails_alone_and_the_other_records_are_published()
    {
        var tooLong = "https://granne.example/ds/" + new string('x', 2_100);
        _portal.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes($$"""
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            <{{_portal.Url("/catalog.ttl")}}> a dcat:Catalog ; dct:title "Grannens katalog"@sv ;
                dcat:dataset <https://granne.example/ds/parkering>, <{{tooLong}}> .
            <{{tooLong}}> a dcat:Dataset ; dct:title "För lång adress"@sv ; dct:description "Nyckeln ryms inte."@sv .
            <https://granne.example/ds/parkering> a dcat:Dataset ; dct:title "Parkeringar"@sv ; dct:description "Lediga platser."@sv ;
                dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://granne.example/api/parkering> ; dct:format "application/json" ] .
            """), "text/turtle");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "grannkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "grannkommun", new
        {
            name = "Grannkatalogen", kind = "Dcat", location = _portal.Url("/catalog.ttl").ToString(), datasetSlug = "grannkommun-kalla",
            settings = new { republish = true },
        });

        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("SucceededWithWarnings", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(1, run.GetProperty("itemsPublished").GetInt32());
        Assert.Equal(1, run.GetProperty("itemsFailed").GetInt32());
        Assert.Contains("rdf:about=\"https://granne.example/ds/parkering\"", await _platform.CreateClient().GetStringAsync("/datasets/dcat"));

        // The refused record left nothing half-saved behind: the next run fails it alone again and keeps the other.
        var again = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("SucceededWithWarnings", again.GetProperty("status").GetString());
        Assert.Equal(1, again.GetProperty("itemsFailed").GetInt32());
        var items = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items");
        Assert.Equal(["https://granne.example/ds/parkering"], items.EnumerateArray().Select(i => i.GetProperty("itemKey").GetString()));
    }
}
