using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// <c>GET|PATCH /api/admin/datasets/{id}</c> on a running platform: every DCAT-AP-SE field the publisher
/// describes is stored, checked where it enters, and written to the organisation's DCAT catalogue.
/// </summary>
public sealed class DatasetMetadataApiTests : IClassFixture<AdminApiTests.Platform>
{
    private readonly TwoOrganisations _two;

    public DatasetMetadataApiTests(AdminApiTests.Platform platform) => _two = platform.Organisations;

    private async Task<Guid> DatasetOfBAsync()
    {
        var source = await _two.Client(_two.KeyOfB).GetFromJsonAsync<JsonElement>($"/api/admin/sources/{_two.SourceOfB}");
        return source.GetProperty("datasetId").GetGuid();
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid id, string json) =>
        client.PatchAsync($"/api/admin/datasets/{id}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));

    private const string EveryField = """
        {
          "titleEn": "Bathing sites",
          "keywords": ["bad", "strand"], "keywordsEn": ["bathing", "beach"],
          "themes": ["ENVI"],
          "accessRights": "PUBLIC",
          "contact": { "name": "Miljöenheten", "email": "miljo@b.example.se", "phone": "031-123 45 67",
                       "address": { "street": "Storgatan 1", "postalCode": "435 80", "locality": "Mölnlycke" } },
          "temporal": { "start": "2020-01-01", "end": null },
          "spatial": ["https://sws.geonames.org/2699050/"],
          "conformsTo": ["https://dataportal.se/specifications/badplatser/1.0"],
          "documentation": ["https://b.example.se/om-badplatser"],
          "landingPage": "https://b.example.se/badplatser",
          "updateFrequency": "ANNUAL",
          "isHighValue": true, "hvdCategories": ["c_dd313021"],
          "sustainableDevelopmentGoals": [6, 14],
          "identifier": "b-badplatser-1",
          "seriesIri": "https://b.example.se/serier/badplatser"
        }
        """;

    [Fact]
    public async Task Every_field_is_stored_shown_and_written_to_the_DCAT_catalogue()
    {
        var id = await DatasetOfBAsync();
        var client = _two.Client(_two.KeyOfB);
        var patched = await PatchAsync(client, id, EveryField);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());

        var shown = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/datasets/{id}")).GetProperty("metadata");
        Assert.Equal("2020-01-01", shown.GetProperty("temporal").GetProperty("start").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("temporal").GetProperty("end").ValueKind);
        Assert.Equal("ANNUAL", shown.GetProperty("updateFrequency").GetString());
        Assert.Equal("Mölnlycke", shown.GetProperty("contact").GetProperty("address").GetProperty("locality").GetString());
        Assert.Equal(["bathing", "beach"], shown.GetProperty("keywordsEn").EnumerateArray().Select(k => k.GetString()).ToArray());
        Assert.Equal("Badplatser", shown.GetProperty("title").GetString()); // untouched fields stay

        var request = new HttpRequestMessage(HttpMethod.Get, "/datasets/dcat/b");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/turtle"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var graph = RdfParser.Load(await response.Content.ReadAsStreamAsync(), RdfSerialization.Turtle);
        var dataset = Assert.Single(graph.InstancesOf(Vocab.Dcat.Dataset));
        string[] Values(RdfResource subject, Iri predicate) => graph.Objects(subject, predicate).Select(o => o switch
        {
            Iri iri => iri.Value,
            Literal l => l.Language is { } lang ? $"{l.Lexical}@{lang}" : l.Lexical,
            _ => "_",
        }).Order(StringComparer.Ordinal).ToArray();

        var period = Assert.IsAssignableFrom<RdfResource>(Assert.Single(graph.Objects(dataset, Vocab.Dct.Temporal)));
        Assert.Equal(["2020-01-01"], Values(period, Vocab.Dcat.StartDate));
        Assert.Empty(Values(period, Vocab.Dcat.EndDate));
        Assert.Equal(["bad@sv", "bathing@en", "beach@en", "strand@sv"], Values(dataset, Vocab.Dcat.Keyword));
        Assert.Contains("https://sws.geonames.org/2699050/", Values(dataset, Vocab.Dct.Spatial));
        Assert.Contains("https://dataportal.se/specifications/badplatser/1.0", Values(dataset, Vocab.Dct.ConformsTo));
        Assert.Equal(["https://b.example.se/om-badplatser"], Values(dataset, Vocab.Foaf.Page));
        Assert.Equal(["https://b.example.se/badplatser"], Values(dataset, Vocab.Dcat.LandingPage));
        Assert.Equal(["http://publications.europa.eu/resource/authority/frequency/ANNUAL"], Values(dataset, Vocab.Dct.AccrualPeriodicity));
        Assert.Equal(["http://data.europa.eu/bna/c_dd313021"], Values(dataset, Vocab.DcatAp.HvdCategory));
        Assert.Equal(["http://metadata.un.org/sdg/14", "http://metadata.un.org/sdg/6"], Values(dataset, Vocab.Dct.Subject));
        Assert.Equal(["b-badplatser-1"], Values(dataset, Vocab.Dct.Identifier));
        Assert.Equal(["https://b.example.se/serier/badplatser"], Values(dataset, Vocab.Dcat.InSeries));
        var contact = Assert.IsAssignableFrom<RdfResource>(Assert.Single(graph.Objects(dataset, Vocab.Dcat.ContactPoint)));
        Assert.Equal(["Miljöenheten@sv"], Values(contact, Vocab.Vcard.Fn));
        Assert.Equal(["mailto:miljo@b.example.se"], Values(contact, Vocab.Vcard.HasEmail));
        var phone = Assert.IsAssignableFrom<RdfResource>(Assert.Single(graph.Objects(contact, Vocab.Vcard.HasTelephone)));
        Assert.Equal(["tel:+46311234567"], Values(phone, Vocab.Vcard.HasValue));
        var address = Assert.IsAssignableFrom<RdfResource>(Assert.Single(graph.Objects(contact, Vocab.Vcard.HasAddress)));
        Assert.Equal(["Mölnlycke"], Values(address, Vocab.Vcard.Locality));
        Assert.Equal(["435 80"], Values(address, Vocab.Vcard.PostalCode));

        // null removes a value; the rest stays.
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, id, """{"temporal":null,"seriesIri":null}""")).StatusCode);
        var after = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/datasets/{id}")).GetProperty("metadata");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("temporal").ValueKind);
        Assert.Equal("ANNUAL", after.GetProperty("updateFrequency").GetString());
    }

    [Fact]
    public async Task A_metadata_edit_changes_the_catalogue_ETag()
    {
        var id = await DatasetOfBAsync();
        var client = _two.Client(_two.KeyOfB);
        var before = await client.GetAsync("/datasets/dcat/b");
        var etag = before.Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(client, id, $$"""{"titleEn":"Bathing sites {{Guid.NewGuid():N}}"}""")).StatusCode);

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/datasets/dcat/b");
        conditional.Headers.IfNoneMatch.Add(etag);
        var after = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("""{"temporal":{"start":"2021-01-01","end":"2020-01-01"}}""", "temporal")]
    [InlineData("""{"temporal":{"start":"den första januari"}}""", "temporal.start")]
    [InlineData("""{"updateFrequency":"NÄR-DET-PASSAR"}""", "updateFrequency")]
    [InlineData("""{"spatial":["Mölnlycke"]}""", "spatial")]
    [InlineData("""{"conformsTo":["javascript:alert(1)"]}""", "conformsTo")]
    [InlineData("""{"isHighValue":true,"hvdCategories":[]}""", "hvdCategories")]
    [InlineData("""{"sustainableDevelopmentGoals":[18]}""", "sustainableDevelopmentGoals")]
    [InlineData("""{"contact":{"email":"inte en adress"}}""", "contactEmail")]
    [InlineData("""{"originalPublisher":{"name":"Härryda kommun"}}""", "originalPublisher")]
    [InlineData("""{"title":""}""", "title")]
    public async Task A_bad_value_is_refused_naming_its_field_and_nothing_changes(string patch, string field)
    {
        var id = await DatasetOfBAsync();
        var client = _two.Client(_two.KeyOfB);
        var before = await client.GetStringAsync($"/api/admin/datasets/{id}");
        var response = await PatchAsync(client, id, patch);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), body);
        Assert.Contains(" / ", messages[0].GetString()); // Swedish and English
        Assert.Equal(before, await client.GetStringAsync($"/api/admin/datasets/{id}"));
    }

    [Theory]
    [InlineData(KeyHolder.Nobody, 401)]
    [InlineData(KeyHolder.OtherOrganisation, 403)]
    public async Task Only_the_datasets_organisation_may_read_or_change_it(KeyHolder holder, int status)
    {
        var id = await DatasetOfBAsync();
        var client = _two.Client(holder == KeyHolder.OtherOrganisation ? _two.KeyOfA : null);
        Assert.Equal(status, (int)(await client.GetAsync($"/api/admin/datasets/{id}")).StatusCode);
        Assert.Equal(status, (int)(await PatchAsync(client, id, """{"titleEn":"Hijacked"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _two.Client(_two.KeyOfB).GetAsync($"/api/admin/datasets/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task A_body_that_is_not_a_JSON_object_is_a_400(string body)
    {
        var id = await DatasetOfBAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await PatchAsync(_two.Client(_two.KeyOfB), id, body)).StatusCode);
    }
}
