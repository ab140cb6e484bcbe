using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Catalogue sources through the whole server: one record per item under a stable key, re-harvests update
/// and never duplicate, and records gone from the catalogue are withdrawn after the grace period.
/// </summary>
public class CatalogueHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;

    public CatalogueHarvestTests() : this(StoreProvider.Sqlite) { }

    /// <summary>For the same tests on PostgreSQL (see <c>PostgresHarvestTests.cs</c>).</summary>
    protected CatalogueHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);
    private LocalHttpServer _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await LocalHttpServer.StartAsync();
        _portal.MapFile("/data/a.csv", Encoding.UTF8.GetBytes("id,namn,antal\r\n1,Ett,10\r\n2,Två,20\r\n"), "text/csv");
        _portal.MapFile("/data/c.csv", Encoding.UTF8.GetBytes("kod;beskrivning\r\nX;Första\r\nY;Andra\r\nZ;Tredje\r\n"), "text/csv");
        _portal.MapFile("/data/b.geojson", Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"namn":"Norra"},"geometry":{"type":"Point","coordinates":[12.1,57.7]}},
              {"type":"Feature","properties":{"namn":"Södra"},"geometry":{"type":"Point","coordinates":[12.2,57.6]}}]}
            """), "application/geo+json");
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private string Base => _portal.BaseAddress.ToString();

    private string FirstPage(bool withB) => $$"""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .

        <{{Base}}catalog.ttl> a dcat:Catalog ;
            dct:title "Kommunens katalog"@sv ;
            dcat:dataset <https://kommun.example/ds/a> {{(withB ? ", <https://kommun.example/ds/b>" : "")}} ;
            dct:hasPart <{{Base}}sub.rdf> .
        <{{Base}}catalog.ttl#view> a hydra:PartialCollectionView ; hydra:next <{{Base}}catalog-2.ttl> .

        <https://kommun.example/ds/a> a dcat:Dataset ;
            dct:title "Föreningsregister"@sv, "Register of associations"@en ;
            dct:description "Föreningar i kommunen."@sv ;
            dcat:keyword "föreningar"@sv, "clubs"@en ;
            dcat:theme <http://publications.europa.eu/resource/authority/data-theme/SOCI> ;
            dcat:contactPoint [ a vcard:Organization ; vcard:hasEmail <mailto:info@kommun.example> ] ;
            dcat:distribution [ a dcat:Distribution ;
                dcat:downloadURL <{{Base}}data/a.csv> ;
                dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
                dct:license <http://creativecommons.org/licenses/by/4.0/> ] .
        {{(withB ? $$"""
        <https://kommun.example/ds/b> a dcat:Dataset ;
            dct:title "Utsiktsplatser"@sv ;
            dct:description "Platser med utsikt."@sv ;
            dcat:distribution [ a dcat:Distribution ;
                dcat:accessURL <{{Base}}data/b.geojson> ;
                dct:format <http://publications.europa.eu/resource/authority/file-type/GEOJSON> ] .
        """ : "")}}
        """;

    private string SecondPage => $$"""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <{{Base}}catalog.ttl> dcat:dataset <https://kommun.example/ds/c> .
        <https://kommun.example/ds/c> a dcat:Dataset ;
            dct:title "Kodlista"@sv ;
            dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{{Base}}data/c.csv> ] .
        """;

    private string SubCatalogue => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
          <dcat:Catalog rdf:about="{Base}sub.rdf">
            <dcat:dataset>
              <dcat:Dataset rdf:about="https://kommun.example/ds/d">
                <dct:title xml:lang="sv">Årsredovisning</dct:title>
                <dcat:distribution>
                  <dcat:Distribution>
                    <dcat:downloadURL rdf:resource="{Base}data/d.pdf"/>
                    <dcat:mediaType rdf:resource="https://www.iana.org/assignments/media-types/application/pdf"/>
                  </dcat:Distribution>
                </dcat:distribution>
              </dcat:Dataset>
            </dcat:dataset>
          </dcat:Catalog>
        </rdf:RDF>
        """;

    private void ServeCatalogue(bool withB)
    {
        _portal.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes(FirstPage(withB)), "text/turtle");
        _portal.MapFile("/catalog-2.ttl", Encoding.UTF8.GetBytes(SecondPage), "text/turtle");
        _portal.MapFile("/sub.rdf", Encoding.UTF8.GetBytes(SubCatalogue), "application/rdf+xml");
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient admin, Guid sourceId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items")).EnumerateArray().ToList();

    [Fact]
    public async Task A_dcat_catalogue_yields_one_dataset_per_record_updates_them_in_place_and_withdraws_what_disappears()
    {
        ServeCatalogue(withB: true);
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "katalogkommun", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "katalogkommun", new
        {
            name = "Kommunens DCAT", kind = "Dcat", location = _portal.Url("/catalog.ttl").ToString(), datasetSlug = "dcat-kalla",
            settings = new { withdrawAfter = "00:00:00", republish = true },
        });

        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        Assert.Equal(4, first.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(4, first.GetProperty("itemsPublished").GetInt32());
        var items = await ItemsAsync(admin, sourceId);
        Assert.Equal(["https://kommun.example/ds/a", "https://kommun.example/ds/b", "https://kommun.example/ds/c", "https://kommun.example/ds/d"],
            items.Select(i => i.GetProperty("itemKey").GetString()));
        Assert.Equal(4, items.Select(i => i.GetProperty("datasetId").GetGuid()).Distinct().Count());
        Assert.Contains("format the harvester does not load", items[3].GetProperty("lastError").GetString());

        var client = _platform.CreateClient();
        var csv = await client.GetStringAsync("/download/katalogkommun/foreningsregister.csv");
        Assert.Contains("Två", csv);
        var geojson = await client.GetFromJsonAsync<JsonElement>("/download/katalogkommun/utsiktsplatser.geojson");
        Assert.Equal(2, geojson.GetProperty("features").GetArrayLength());
        Assert.Contains("Tredje", await client.GetStringAsync("/download/katalogkommun/kodlista.csv"));
        var dcat = await client.GetStringAsync("/datasets/dcat");
        Assert.Contains("Register of associations", dcat);
        Assert.Contains("info@kommun.example", dcat);

        // Harvesting again changes nothing and makes no duplicates.
        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", second.GetProperty("status").GetString());
        Assert.Equal(4, second.GetProperty("itemsUnchanged").GetInt32());
        var again = await ItemsAsync(admin, sourceId);
        Assert.Equal(items.Select(i => i.GetProperty("datasetId").GetGuid()), again.Select(i => i.GetProperty("datasetId").GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/download/katalogkommun/foreningsregister/v2.csv")).StatusCode);

        // The catalogue drops a record: its dataset is withdrawn, kept as history, and the run says so.
        ServeCatalogue(withB: false);
        var third = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", third.GetProperty("status").GetString());
        Assert.Equal(1, third.GetProperty("itemsWithdrawn").GetInt32());
        Assert.Contains("Utsiktsplatser", third.GetProperty("summaryEn").GetString());
        Assert.Contains("Avpublicerade", third.GetProperty("summarySv").GetString());
        Assert.Contains(third.GetProperty("stages").EnumerateArray(), s => s.GetProperty("item").GetString() == "https://kommun.example/ds/b"
            && s.GetProperty("error").GetString()!.StartsWith("Withdrawn"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/download/katalogkommun/utsiktsplatser.geojson")).StatusCode);
        Assert.DoesNotContain("Utsiktsplatser", await client.GetStringAsync("/datasets/dcat"));
        var withdrawn = (await ItemsAsync(admin, sourceId)).Single(i => i.GetProperty("itemKey").GetString() == "https://kommun.example/ds/b");
        Assert.Equal("Withdrawn", withdrawn.GetProperty("status").GetString());

        // It comes back: the same dataset is published again, not a new one.
        ServeCatalogue(withB: true);
        var fourth = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.NotEqual("Failed", fourth.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/download/katalogkommun/utsiktsplatser.geojson")).StatusCode);
        Assert.Equal(4, (await ItemsAsync(admin, sourceId)).Count);
    }

    [Fact]
    public async Task A_ckan_portal_is_paged_and_a_missing_package_waits_out_the_grace_period()
    {
        var packages = new List<object>
        {
            new { id = "p-1", name = "luftkvalitet", title = "Luftkvalitet", notes = "Mätningar.", license_id = "cc-by", tags = new[] { new { name = "luft" } },
                  resources = new[] { new { url = _portal.Url("/data/c.csv").ToString(), format = "CSV" } } },
            new { id = "p-2", name = "protokoll", title = "Protokoll", notes = "Nämndprotokoll.", license_id = "cc-zero", tags = Array.Empty<object>(),
                  resources = new[] { new { url = "https://kommun.example/protokoll.pdf", format = "PDF" } } },
            new { id = "p-3", name = "budget", title = "Budget", notes = (string?)null, license_id = "other", tags = Array.Empty<object>(), resources = Array.Empty<object>() },
        };
        var listed = packages.ToList();
        _portal.Map("/ckan/api/3/action/package_search", async context =>
        {
            var start = int.Parse(context.Request.Query["start"]!);
            var rows = int.Parse(context.Request.Query["rows"]!);
            await context.Response.WriteAsJsonAsync(new { success = true, result = new { count = listed.Count, results = listed.Skip(start).Take(rows) } });
        });
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "ckankommun", "2120009994");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "ckankommun", new
        {
            name = "Portalen", kind = "Ckan", location = _portal.Url("/ckan").ToString(), datasetSlug = "ckan-kalla", settings = new { pageSize = 2 },
        });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        Assert.Equal(3, first.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(2, _portal.Requests.Count(r => r.StartsWith("/ckan/")));
        Assert.Contains("Första", await _platform.CreateClient().GetStringAsync("/download/ckankommun/luftkvalitet.csv"));

        listed.RemoveAt(1);
        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(0, second.GetProperty("itemsWithdrawn").GetInt32());
        Assert.Contains("grace period", second.GetProperty("summaryEn").GetString());
        var items = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items")).EnumerateArray().ToList();
        Assert.Equal("Missing", items.Single(i => i.GetProperty("itemKey").GetString() == "p-2").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("harryda_dcat_ap_se_dataset.rdf", "Badplatser")]
    [InlineData("trollhattan_dcat_dataset.rdf", "Kommunala badplatser inom Trollhättans kommun")]
    public async Task The_real_dcat_records_are_taken_over_as_far_as_they_are_valid(string file, string swedishTitle)
    {
        _portal.MapFile("/" + file, await File.ReadAllBytesAsync(RepositoryPaths.SharedSample(file)), "application/rdf+xml");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "verklig", "2120000142");
        // The distributions point at the municipalities' own servers, out of reach here: metadata only.
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "verklig", new
        {
            name = "Verklig katalog", kind = "Dcat", location = _portal.Url("/" + file).ToString(), datasetSlug = "verklig-kalla",
            settings = new { harvestData = false },
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        var items = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items")).EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Contains(items, i => i.GetProperty("title").GetString()!.StartsWith(swedishTitle, StringComparison.Ordinal));
        Assert.All(items, i => Assert.StartsWith("http", i.GetProperty("itemKey").GetString()));
    }
}
