using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Issue #14, the import side: every record of a DCAT catalogue becomes a catalogue record, with or without
/// data we can load; what the source says is kept (or noted, never dropped silently); blank-node datasets,
/// literal hydra:next links, the older PagedCollection and N-Triples are read; the source decides whether
/// its records go into our own feed. Each catalogue is served by a real HTTP server on 127.0.0.1.
/// </summary>
public class CatalogueRecordImportTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new();
    private LocalHttpServer _portal = null!;

    public async Task InitializeAsync() => _portal = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private string Base => _portal.BaseAddress.ToString();

    private const string Prefixes = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        @prefix adms: <http://www.w3.org/ns/adms#> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        """;

    private async Task<(HttpClient Admin, Guid Source)> RegisterAsync(string org, string organisationNumber, string path, object? settings = null)
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, organisationNumber);
        var source = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Grannkatalogen", kind = "Dcat", location = _portal.Url(path).ToString(), datasetSlug = org + "-kalla", settings,
        });
        return (admin, source);
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient admin, Guid sourceId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items")).EnumerateArray().ToList();

    private static async Task<JsonElement> MetadataAsync(HttpClient admin, JsonElement item) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/datasets/{item.GetProperty("datasetId").GetGuid()}")).GetProperty("metadata");

    private static async Task<string> SlugAsync(HttpClient admin, JsonElement item) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/datasets/{item.GetProperty("datasetId").GetGuid()}")).GetProperty("slug").GetString()!;

    private string MetadataOnlyCatalogue => Prefixes + $$"""
        <{{Base}}catalog.ttl> a dcat:Catalog ; dct:title "Grannens katalog"@sv ;
            dcat:dataset <https://granne.example/ds/api>, <https://granne.example/ds/kalender>, <https://granne.example/ds/rdf>, <https://granne.example/ds/borta> .
        <https://granne.example/ds/api> a dcat:Dataset ; dct:title "Parkeringar via API"@sv ; dct:description "Lediga platser."@sv ;
            dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://granne.example/api/parkering> ; dct:format "application/json" ] .
        <https://granne.example/ds/kalender> a dcat:Dataset ; dct:title "Evenemang"@sv ; dct:description "Kalender."@sv ;
            dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://granne.example/evenemang.ics> ;
                dcat:mediaType <https://www.iana.org/assignments/media-types/text/calendar> ] .
        <https://granne.example/ds/rdf> a dcat:Dataset ; dct:title "Begrepp"@sv ; dct:description "Begreppslista."@sv ;
            dcat:distribution <https://granne.example/dist/begrepp-rdf> .
        <https://granne.example/dist/begrepp-rdf> a dcat:Distribution ; dcat:downloadURL <https://granne.example/begrepp.rdf> ;
            dct:format <http://publications.europa.eu/resource/authority/file-type/RDF_XML> .
        <https://granne.example/ds/borta> a dcat:Dataset ; dct:title "Träd"@sv ; dct:description "Träd i parker."@sv ;
            dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <http://127.0.0.1:1/trad.csv> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .
        """;

    [Fact]
    public async Task Records_without_loadable_data_are_published_as_records_pointing_to_the_source_and_the_run_counts_them()
    {
        _portal.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes(MetadataOnlyCatalogue), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("grannkommun", "2120001637", "/catalog.ttl", new { republish = true });

        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        // The record on an unreachable host failed to load its data, and says so; it is published all the same.
        Assert.Equal("SucceededWithWarnings", run.GetProperty("status").GetString());
        Assert.Equal(4, run.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(3, run.GetProperty("itemsPublished").GetInt32());
        Assert.Equal(1, run.GetProperty("itemsFailed").GetInt32());

        var client = _platform.CreateClient();
        var feed = await client.GetStringAsync("/datasets/dcat");
        foreach (var iri in new[] { "https://granne.example/ds/api", "https://granne.example/ds/kalender", "https://granne.example/ds/rdf", "https://granne.example/ds/borta" })
            Assert.Contains($"rdf:about=\"{iri}\"", feed);
        // The distributions point where the source points, and a distribution's own IRI is kept.
        Assert.Contains("https://granne.example/api/parkering", feed);
        Assert.Contains("https://granne.example/evenemang.ics", feed);
        Assert.Contains("rdf:about=\"https://granne.example/dist/begrepp-rdf\"", feed);
        Assert.Contains("http://127.0.0.1:1/trad.csv", feed);
        Assert.DoesNotContain("/odata/grannkommun", feed);

        var items = await ItemsAsync(admin, sourceId);
        var api = items.Single(i => i.GetProperty("itemKey").GetString() == "https://granne.example/ds/api");
        var page = await client.GetAsync($"/datasets/grannkommun/{await SlugAsync(admin, api)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Parkeringar via API", html);
        Assert.Contains("https://granne.example/api/parkering", html);
        // Listed as what it is: a catalogue record whose data is at its source, not a dataset of "0 rader".
        var search = WebUtility.HtmlDecode(await client.GetStringAsync("/sok?q=parkeringar"));
        Assert.Contains("Parkeringar via API", search);
        Assert.Contains("katalogpost, data finns hos källan", search);
        Assert.DoesNotContain("0 rader", search);

        // Harvested again, nothing changed: no new publication is counted.
        var again = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(0, again.GetProperty("itemsPublished").GetInt32());
    }

    [Fact]
    public async Task A_catalogue_source_leaves_no_placeholder_dataset_named_after_it_and_every_consumer_copes()
    {
        // The reproduction: registering a DCAT source used to create a draft dataset named after the source ("Grannkatalogen").
        _portal.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes(MetadataOnlyCatalogue), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("utankalla", "2120002528", "/catalog.ttl", new { republish = true });
        var registered = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}");
        foreach (var field in new[] { "datasetId", "datasetSlug" })
            Assert.True(!registered.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null, $"{field}: {registered}");
        Assert.Contains((await admin.GetFromJsonAsync<JsonElement>("/api/admin/sources")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == sourceId);
        Assert.Empty(await DatasetTitlesAsync("utankalla"));

        await HarvestPlatform.HarvestAsync(admin, sourceId);
        var titles = await DatasetTitlesAsync("utankalla");
        Assert.Equal(["Begrepp", "Evenemang", "Parkeringar via API", "Träd"], titles.Order(StringComparer.Ordinal).ToList());
        Assert.DoesNotContain("Grannkatalogen", titles);
        Assert.DoesNotContain("<http://data.example.test/datasets/utankalla/utankalla-kalla>", await _platform.CreateClient().GetStringAsync("/datasets/dcat.nt"));

        // A record's dataset comes and goes with its catalogue: withdrawing it alone is refused, deleting the source withdraws them all.
        var item = (await ItemsAsync(admin, sourceId)).First();
        var refused = await admin.DeleteAsync($"/api/admin/datasets/{item.GetProperty("datasetId").GetGuid()}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Grannkatalogen", await refused.Content.ReadAsStringAsync());
        var deleted = await admin.DeleteAsync($"/api/admin/sources/{sourceId}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.DoesNotContain("https://granne.example/ds/api", await _platform.CreateClient().GetStringAsync("/datasets/dcat"));
    }

    private async Task<List<string>> DatasetTitlesAsync(string organisation)
    {
        using var scope = _platform.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartMiljo.OpenData.Storage.Catalogue.CatalogueDbContext>();
        return await (from d in db.Datasets join o in db.Organisations on d.OrganisationId equals o.Id where o.Slug == organisation select d.Title).ToListAsync();
    }

    [Fact]
    public async Task A_dcat_source_keeps_its_records_out_of_our_feed_by_default_and_republishes_them_when_told()
    {
        _portal.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes(MetadataOnlyCatalogue), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("tystkommun", "2120002411", "/catalog.ttl");
        await HarvestPlatform.HarvestAsync(admin, sourceId);
        var client = _platform.CreateClient();
        Assert.DoesNotContain("https://granne.example/ds/api", await client.GetStringAsync("/datasets/dcat"));
        var item = (await ItemsAsync(admin, sourceId)).Single(i => i.GetProperty("itemKey").GetString() == "https://granne.example/ds/api");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/datasets/tystkommun/{await SlugAsync(admin, item)}")).StatusCode);

        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var patched = await admin.PatchAsJsonAsync($"/api/admin/sources/{sourceId}", new { settings = new { republish = true } });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        await HarvestPlatform.WaitForRunAsync(admin, sourceId, known);
        Assert.Contains("https://granne.example/ds/api", await client.GetStringAsync("/datasets/dcat"));
    }

    [Fact]
    public async Task Harrydas_entryscape_record_keeps_its_identity_dates_place_standard_contact_and_publisher()
    {
        const string file = "harryda_dcat_ap_se_dataset.rdf";
        _portal.MapFile("/" + file, await File.ReadAllBytesAsync(RepositoryPaths.SharedSample(file)), "application/rdf+xml");
        // The CSV is on Härryda's own server, out of reach here: the record is published without data.
        var (admin, sourceId) = await RegisterAsync("harryda", "2120001363", "/" + file, new { republish = true });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        // Its data could not be fetched (the run says so), yet the record itself is published.
        Assert.Equal(1, run.GetProperty("itemsFailed").GetInt32());
        var item = Assert.Single(await ItemsAsync(admin, sourceId));
        Assert.Equal("http://data.europa.eu/88u/dataset/https-catalog-harryda-se-store-2-resource-8", item.GetProperty("itemKey").GetString());
        var m = await MetadataAsync(admin, item);
        Assert.Equal("Badplatser", m.GetProperty("title").GetString());
        Assert.Equal("Bathing place", m.GetProperty("titleEn").GetString());
        Assert.Equal("http://data.europa.eu/88u/dataset/https-catalog-harryda-se-store-2-resource-8", m.GetProperty("originalIri").GetString());
        Assert.Equal("2023-01-01", m.GetProperty("temporal").GetProperty("start").GetString());
        Assert.Equal(["https://sws.geonames.org/2707608"], m.GetProperty("spatial").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["https://dataportal.se/specifications/badplatser/1.0"], m.GetProperty("conformsTo").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Beach", m.GetProperty("keywordsEn").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Badplats", m.GetProperty("keywords").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Enheten för digital utveckling", m.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("oppnadata@harryda.se", m.GetProperty("contact").GetProperty("email").GetString());
        var publisher = m.GetProperty("originalPublisher");
        Assert.Equal("Härryda kommun", publisher.GetProperty("name").GetString());
        Assert.Equal("https://catalog.harryda.se/store/2/resource/9", publisher.GetProperty("iri").GetString());

        // What is not kept is said on the item and in the run's report.
        var notes = item.GetProperty("lastError").GetString()!;
        Assert.Contains("bounding box", notes);
        Assert.DoesNotContain("machine translations", notes);
        // Its 24 machine translations are kept under their own tags (the round-trip test compares them with rdflib).
        var translations = m.GetProperty("otherLanguages").EnumerateArray().ToList();
        Assert.Contains(translations, t => t.GetProperty("language").GetString() == "de-t-sv-t0-mtec" && t.GetProperty("title").GetString() is { Length: > 0 });
        Assert.True(translations.Count >= 20, $"{translations.Count} languages kept");
        Assert.Contains("prov:qualifiedAttribution is not kept", notes);
        Assert.Contains(run.GetProperty("stages").EnumerateArray(), s => s.GetProperty("error").GetString()?.StartsWith("Notes:") == true);

        // Republished under its own IRI, with its original issued date and publisher.
        var feed = await _platform.CreateClient().GetStringAsync("/datasets/dcat");
        Assert.Contains("rdf:about=\"http://data.europa.eu/88u/dataset/https-catalog-harryda-se-store-2-resource-8\"", feed);
        Assert.Contains("2023-09-27", feed);
        Assert.Contains("https://catalog.harryda.se/store/2/resource/9", feed);
    }

    [Fact]
    public async Task Diggs_recommended_example_keeps_temporal_phone_address_and_access_rights()
    {
        const string file = "exempel_rekommenderat.ttl";
        _portal.MapFile("/" + file, await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Shared, "reference", "dcat-ap-se-examples", file)), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("digg", "2021006883", "/" + file, new { republish = true, harvestData = false });
        await HarvestPlatform.HarvestAsync(admin, sourceId);
        var item = Assert.Single(await ItemsAsync(admin, sourceId));
        var m = await MetadataAsync(admin, item);
        Assert.Equal("2010-01-01", m.GetProperty("temporal").GetProperty("start").GetString());
        Assert.Equal("2012-01-01", m.GetProperty("temporal").GetProperty("end").GetString());
        var contact = m.GetProperty("contact");
        Assert.Equal("+46012345678", contact.GetProperty("phone").GetString());
        Assert.Equal("exempelgatan 1", contact.GetProperty("address").GetProperty("street").GetString());
        Assert.Equal("70000", contact.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.Equal("PUBLIC", m.GetProperty("accessRights").GetString());
        Assert.Equal("NonProfitOrganisation", m.GetProperty("originalPublisher").GetProperty("type").GetString());
        Assert.Equal(["library"], m.GetProperty("keywordsEn").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_blank_node_dataset_without_identifier_gets_a_stable_identity_from_source_and_content()
    {
        var catalogue = Prefixes + """
            [] a dcat:Catalog ; dcat:dataset [ a dcat:Dataset ; dct:title "Anonym mängd"@sv ; dct:description "Utan IRI."@sv ;
                dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://granne.example/anonym> ] ] .
            """;
        _portal.MapFile("/blank.ttl", Encoding.UTF8.GetBytes(catalogue), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("blankkommun", "2120002999", "/blank.ttl", new { republish = true });
        var first = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(1, first.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(1, first.GetProperty("itemsPublished").GetInt32());
        var key = Assert.Single(await ItemsAsync(admin, sourceId)).GetProperty("itemKey").GetString()!;
        Assert.StartsWith("urn:sha256:", key);

        var second = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal("Unchanged", second.GetProperty("status").GetString());
        Assert.Equal(key, Assert.Single(await ItemsAsync(admin, sourceId)).GetProperty("itemKey").GetString());
        Assert.Contains("Anonym mängd", await _platform.CreateClient().GetStringAsync("/datasets/dcat"));
    }

    [Fact]
    public async Task A_literal_hydra_next_an_older_paged_collection_and_n_triples_are_all_followed()
    {
        // ckanext-dcat's first page names the next one as a literal; the second uses hydra:PagedCollection's nextPage.
        _portal.MapFile("/p1.ttl", Encoding.UTF8.GetBytes(Prefixes + $$"""
            <{{Base}}p1.ttl> a hydra:PartialCollectionView ; hydra:next "{{Base}}p2.ttl" .
            <https://granne.example/ds/ett> a dcat:Dataset ; dct:title "Ett"@sv ; dct:description "Första."@sv .
            """), "text/turtle");
        _portal.MapFile("/p2.ttl", Encoding.UTF8.GetBytes(Prefixes + $$"""
            <{{Base}}p2.ttl> a hydra:PagedCollection ; hydra:nextPage <{{Base}}p3.nt> .
            <https://granne.example/ds/tva> a dcat:Dataset ; dct:title "Två"@sv ; dct:description "Andra."@sv .
            """), "text/turtle");
        _portal.MapFile("/p3.nt", Encoding.UTF8.GetBytes("""
            <https://granne.example/ds/tre> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .
            <https://granne.example/ds/tre> <http://purl.org/dc/terms/title> "Tre"@sv .
            <https://granne.example/ds/tre> <http://purl.org/dc/terms/description> "Tredje."@sv .

            """), "application/n-triples");
        var (admin, sourceId) = await RegisterAsync("sidkommun", "2120003005", "/p1.ttl", new { republish = true });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(3, run.GetProperty("itemsGathered").GetInt32());
        Assert.Equal(["https://granne.example/ds/ett", "https://granne.example/ds/tre", "https://granne.example/ds/tva"],
            (await ItemsAsync(admin, sourceId)).Select(i => i.GetProperty("itemKey").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Contact_points_of_every_shape_an_english_only_title_and_machine_translations_are_read_faithfully()
    {
        _portal.MapFile("/shapes.ttl", Encoding.UTF8.GetBytes(Prefixes + """
            <https://granne.example/ds/adms> a dcat:Dataset ; dct:title "Adms-kontakt"@sv ; dct:description "Kontakt via adms."@sv ;
                adms:contactPoint [ a vcard:Kind ; vcard:fn "Miljöenheten" ; vcard:hasEmail "miljo@granne.example" ; vcard:hasTelephone <tel:+4631000000> ] .
            <https://granne.example/ds/mailto> a dcat:Dataset ; dct:title "Bar e-post"@sv ; dct:description "Kontakt som mailto."@sv ;
                dcat:contactPoint <mailto:info@granne.example> .
            <https://granne.example/ds/english> a dcat:Dataset ; dct:title "Parking spaces"@en ; dct:description "Spaces."@en .
            <https://granne.example/ds/maskin> a dcat:Dataset ; dct:title "Badvatten"@sv, "Bathing water"@en-t-sv-t0-mtec ; dct:description "Prover."@sv ;
                dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ; dcat:landingPage <https://granne.example/bad> ;
                dcat:inSeries <https://granne.example/serie/badvatten> ; dct:identifier "bad-2024" ;
                dct:issued "2024-05-01"^^xsd:date ; dct:modified "2024-06-01T10:00:00Z"^^xsd:dateTime .
            """), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("formkommun", "2120003013", "/shapes.ttl");
        await HarvestPlatform.HarvestAsync(admin, sourceId);
        var items = (await ItemsAsync(admin, sourceId)).ToDictionary(i => i.GetProperty("itemKey").GetString()!);

        var adms = (await MetadataAsync(admin, items["https://granne.example/ds/adms"])).GetProperty("contact");
        Assert.Equal("Miljöenheten", adms.GetProperty("name").GetString());
        Assert.Equal("miljo@granne.example", adms.GetProperty("email").GetString());
        Assert.Equal("+4631000000", adms.GetProperty("phone").GetString());
        Assert.Equal("info@granne.example", (await MetadataAsync(admin, items["https://granne.example/ds/mailto"])).GetProperty("contact").GetProperty("email").GetString());

        // An English-only title is shown as the title; the record keeps its own IRI, not one made from that title.
        var english = await MetadataAsync(admin, items["https://granne.example/ds/english"]);
        Assert.Equal("Parking spaces", english.GetProperty("title").GetString());
        Assert.Equal("https://granne.example/ds/english", english.GetProperty("originalIri").GetString());
        Assert.Contains("no Swedish title", items["https://granne.example/ds/english"].GetProperty("lastError").GetString());

        // A machine translation is not passed off as English written by a person: it is kept under its own tag.
        var machine = await MetadataAsync(admin, items["https://granne.example/ds/maskin"]);
        Assert.Equal(JsonValueKind.Null, machine.GetProperty("titleEn").ValueKind);
        var translation = Assert.Single(machine.GetProperty("otherLanguages").EnumerateArray());
        Assert.Equal("en-t-sv-t0-mtec", translation.GetProperty("language").GetString());
        Assert.Equal("Bathing water", translation.GetProperty("title").GetString());
        Assert.Equal("ANNUAL", machine.GetProperty("updateFrequency").GetString());
        Assert.Equal("https://granne.example/bad", machine.GetProperty("landingPage").GetString());
        Assert.Equal("https://granne.example/serie/badvatten", machine.GetProperty("seriesIri").GetString());
        Assert.Equal("bad-2024", machine.GetProperty("identifier").GetString());
    }

    [Fact]
    public async Task Notes_on_what_was_left_out_are_kept_after_the_data_loads()
    {
        _portal.MapFile("/data/a.csv", Encoding.UTF8.GetBytes("id,namn\r\n1,Ett\r\n"), "text/csv");
        _portal.MapFile("/notes.ttl", Encoding.UTF8.GetBytes(Prefixes + $$"""
            <https://granne.example/ds/data> a dcat:Dataset ; dct:title "Med data"@sv ; dct:description "Laddas."@sv ;
                dcat:inSeries <https://granne.example/serie/data> ;
                dcat:landingPage <javascript:alert(1)> ; dct:provenance [ a dct:ProvenanceStatement ; dct:description "Från mätare."@sv ] ;
                dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{{Base}}data/a.csv> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .
            """), "text/turtle");
        var (admin, sourceId) = await RegisterAsync("notkommun", "2120003021", "/notes.ttl");
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.Equal(1, run.GetProperty("itemsPublished").GetInt32());
        var item = Assert.Single(await ItemsAsync(admin, sourceId));
        var notes = item.GetProperty("lastError").GetString()!;
        Assert.Contains("landingPage", notes);
        Assert.Contains("dct:provenance is not kept", notes);
        var noted = Assert.Single(run.GetProperty("stages").EnumerateArray(), s => s.GetProperty("error").GetString()?.StartsWith("Notes:") == true);
        Assert.Equal("https://granne.example/ds/data", noted.GetProperty("item").GetString());
        // A dataset with data shows the kept properties on its page too (the series it belongs to here).
        var page = await _platform.CreateClient().GetAsync($"/datasets/notkommun/{await SlugAsync(admin, item)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Med data", html);
        Assert.Contains("https://granne.example/serie/data", html);
        // The runs list keeps the report after the load.
        var runs = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");
        Assert.Contains(runs[0].GetProperty("stages").EnumerateArray(), s => s.GetProperty("error").GetString()?.Contains("dct:provenance") == true);
    }
}
