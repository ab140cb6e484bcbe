using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>A web map on another origin reads the open data in a real browser, which enforces CORS.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class CrossOriginTests(WebPlatform platform)
{
    [Fact]
    public async Task The_dataset_page_and_the_footer_link_the_openapi_description_and_ogc_api_features()
    {
        var page = await platform.Http.GetStringAsync("/datasets/exempelkommun/badplatser");
        Assert.Contains("href=\"/openapi/datasets/exempelkommun/badplatser.json\"", page);
        Assert.Contains("href=\"/ogc/collections/exempelkommun_badplatser\"", page);
        Assert.Contains("href=\"/openapi/datasets.json\"", page);
        Assert.Contains("href=\"/ogc\"", page);
        using var description = await platform.Http.GetAsync("/openapi/datasets/exempelkommun/badplatser.json");
        Assert.True(description.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_page_on_another_origin_reads_odata_and_a_geojson_download_but_not_the_admin_api()
    {
        // Another origin: the same host, another port.
        await using var elsewhere = await LocalHttpServer.StartAsync();
        var api = platform.BaseAddress.ToString().TrimEnd('/');
        elsewhere.MapFile("/map.html", Encoding.UTF8.GetBytes("<!doctype html><html><head><title>Karta</title></head><body>Karta</body></html>"),
            "text/html; charset=utf-8");

        var page = await WebPlatform.NewPageAsync(platform.Browser, elsewhere.BaseAddress);
        await page.GotoAsync("/map.html");
        Assert.NotEqual(new Uri(page.Url).Port, platform.BaseAddress.Port);

        var result = await page.EvaluateAsync<JsonElement>("""
            async (api) => {
              // Prefer and OData-MaxVersion are not safelisted headers: the browser sends a preflight first.
              const odata = await fetch(api + '/odata/exempelkommun/badplatser?$top=3', {
                headers: { 'Accept': 'application/json', 'Prefer': 'odata.maxpagesize=2', 'OData-MaxVersion': '4.0' } });
              const page = await odata.json();
              const geo = await fetch(api + '/download/exempelkommun/badplatser.geojson');
              const collection = await geo.json();
              let admin = 'readable';
              try { await (await fetch(api + '/api/admin/organisations')).text(); } catch (e) { admin = 'blocked: ' + e.name; }
              return {
                odataStatus: odata.status, rows: page.value.length, odataVersion: odata.headers.get('OData-Version'),
                geoStatus: geo.status, features: collection.features.length, etag: geo.headers.get('ETag'),
                firstGeometry: collection.features[0].geometry.type, admin };
            }
            """, api);

        Assert.Equal(200, result.GetProperty("odataStatus").GetInt32());
        Assert.Equal(2, result.GetProperty("rows").GetInt32());
        Assert.Equal("4.0", result.GetProperty("odataVersion").GetString());
        Assert.Equal(200, result.GetProperty("geoStatus").GetInt32());
        Assert.Equal(12, result.GetProperty("features").GetInt32());
        Assert.Equal("Point", result.GetProperty("firstGeometry").GetString());
        // Exposed to scripts, so a client can revalidate.
        Assert.False(string.IsNullOrEmpty(result.GetProperty("etag").GetString()));
        // The admin API gives no CORS permission: the browser refuses the page its answer.
        Assert.StartsWith("blocked", result.GetProperty("admin").GetString());
    }
}
