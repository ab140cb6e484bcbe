using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>Service document, metadata, entity sets, basic query options and paging.</summary>
public abstract class ServiceBasicsTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    [Fact]
    public async Task Service_document_lists_the_organisations_entity_sets()
    {
        using var response = await Client.GetAsync(Org);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.EndsWith("/odata/exempelkommun/$metadata", json.GetProperty("@odata.context").GetString());
        var names = json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["badplatser", "intressanta_platser"], names);
        Assert.All(json.GetProperty("value").EnumerateArray(), e => Assert.Equal("EntitySet", e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Regional_root_prefixes_entity_sets_with_the_organisation()
    {
        var json = await GetJsonAsync("odata");
        var names = json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("url").GetString()).ToList();
        Assert.Equal(["exempelkommun_badplatser", "exempelkommun_intressanta_platser", "grannkommun_badplatser"], names);
        var rows = await GetJsonAsync("odata/grannkommun_badplatser");
        Assert.Equal(2, rows.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Metadata_is_csdl_xml_with_types_keys_and_descriptions()
    {
        using var response = await Client.GetAsync(Org + "$metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var type = xml.Descendants(edm + "EntityType").Single(e => (string?)e.Attribute("Name") == "badplatser");
        Assert.Equal("id", type.Element(edm + "Key")!.Element(edm + "PropertyRef")!.Attribute("Name")!.Value);
        string TypeOf(string name) => type.Elements(edm + "Property").Single(p => (string?)p.Attribute("Name") == name).Attribute("Type")!.Value;
        Assert.Equal("Edm.String", TypeOf("namn"));
        Assert.Equal("Edm.Double", TypeOf("temperatur"));
        Assert.Equal("Edm.Int64", TypeOf("djup"));
        Assert.Equal("Edm.Boolean", TypeOf("oppen"));
        Assert.Equal("Edm.Date", TypeOf("datum"));
        Assert.Equal("Edm.DateTimeOffset", TypeOf("uppdaterad"));
        Assert.Equal("Edm.TimeOfDay", TypeOf("tid"));
        Assert.Equal("Edm.Int32", TypeOf("byggar"));
        Assert.Equal("Edm.GeographyPoint", TypeOf("location"));
        var namn = type.Elements(edm + "Property").Single(p => (string?)p.Attribute("Name") == "namn");
        Assert.Equal("false", namn.Attribute("Nullable")?.Value);
        var descriptions = namn.Elements(edm + "Annotation").Where(a => (string?)a.Attribute("Term") is "Core.Description" or "Org.OData.Core.V1.Description").ToList();
        Assert.Contains(descriptions, a => a.Attribute("Qualifier") is null && a.Attribute("String")!.Value == "Badplatsens namn");
        Assert.Contains(descriptions, a => a.Attribute("Qualifier")?.Value == "en" && a.Attribute("String")!.Value == "Name");

        var keyless = xml.Descendants(edm + "EntityType").Single(e => (string?)e.Attribute("Name") == "intressanta_platser");
        Assert.Equal("_row", keyless.Element(edm + "Key")!.Element(edm + "PropertyRef")!.Attribute("Name")!.Value);
    }

    [Fact]
    public async Task Entity_set_returns_typed_values()
    {
        var json = await GetJsonAsync(Org + "badplatser?$filter=id eq 'B1'");
        Assert.EndsWith("/odata/exempelkommun/$metadata#badplatser", json.GetProperty("@odata.context").GetString());
        var row = json.GetProperty("value").EnumerateArray().Single();
        Assert.Equal("Ålsjön", row.GetProperty("namn").GetString());
        Assert.Equal(18.5, row.GetProperty("temperatur").GetDouble());
        Assert.Equal(3, row.GetProperty("djup").GetInt64());
        Assert.True(row.GetProperty("oppen").GetBoolean());
        Assert.Equal("2024-06-01", row.GetProperty("datum").GetString());
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero), row.GetProperty("uppdaterad").GetDateTimeOffset());
        Assert.Equal("08:00:00", row.GetProperty("tid").GetString());
        Assert.Equal(1990, row.GetProperty("byggar").GetInt32());
        var location = row.GetProperty("location");
        Assert.Equal("Point", location.GetProperty("type").GetString());
        Assert.Equal([12.29, 57.69], location.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray());
        var crs = location.GetProperty("crs");
        Assert.Equal("name", crs.GetProperty("type").GetString());
        Assert.Equal("EPSG:4326", crs.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Nulls_are_written_as_json_null()
    {
        var row = (await GetJsonAsync(Org + "badplatser?$filter=id eq 'B3'")).GetProperty("value")[0];
        foreach (var name in new[] { "temperatur", "djup", "oppen", "datum", "uppdaterad", "tid", "byggar", "location" })
            Assert.Equal(JsonValueKind.Null, row.GetProperty(name).ValueKind);
    }

    [Theory]
    [InlineData("kommun eq 'Härryda'", "B1,B4,B5")]
    [InlineData("kommun ne 'Härryda'", "B2,B3,B6")]
    [InlineData("djup gt 3", "B2,B5")]
    [InlineData("djup ge 3", "B1,B2,B5")]
    [InlineData("djup lt 3", "B4,B6")]
    [InlineData("djup le 3", "B1,B4,B6")]
    [InlineData("kommun eq 'Härryda' and djup gt 0", "B1,B5")]
    [InlineData("kommun eq 'Osby' or djup lt 0", "B3,B4,B6")]
    [InlineData("not (djup gt 3)", "B1,B3,B4,B6")]
    [InlineData("contains(namn, 'sjö')", "B1,B2")]
    [InlineData("startswith(namn, 'Ö')", "B2")]
    [InlineData("endswith(namn, 'badet')", "B2,B3")]
    [InlineData("temperatur eq null", "B3")]
    [InlineData("temperatur ne null", "B1,B2,B4,B5,B6")]
    [InlineData("null eq djup", "B3")]
    [InlineData("oppen", "B1,B4,B6")]
    [InlineData("oppen eq false", "B2,B5")]
    public async Task Filter_operators(string filter, string expected)
    {
        Assert.Equal(expected.Split(','), await SortedIdsAsync("$filter=" + Escape(filter)));
    }

    [Fact]
    public async Task Select_returns_only_the_chosen_properties_and_says_so_in_the_context()
    {
        var json = await GetJsonAsync(Org + "badplatser?$select=namn,id&$filter=id eq 'B2'");
        Assert.EndsWith("$metadata#badplatser(id,namn)", json.GetProperty("@odata.context").GetString());
        var row = json.GetProperty("value")[0];
        Assert.Equal(["id", "namn"], row.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Orderby_several_keys_with_nulls_first_ascending()
    {
        Assert.Equal(["B3", "B6", "B4", "B1", "B5", "B2"], await IdsAsync("$orderby=temperatur"));
        Assert.Equal(["B2", "B5", "B1", "B4", "B6", "B3"], await IdsAsync("$orderby=temperatur desc"));
        Assert.Equal(["B1", "B4", "B5", "B2", "B3", "B6"], await IdsAsync("$orderby=kommun,id"));
        Assert.Equal(["B5", "B4", "B1", "B2", "B6", "B3"], await IdsAsync("$orderby=kommun asc,id desc"));
    }

    [Fact]
    public async Task Top_and_skip()
    {
        Assert.Equal(["B2", "B3"], await IdsAsync("$orderby=id&$skip=1&$top=2"));
        Assert.Empty(await IdsAsync("$top=0"));
        Assert.Empty(await IdsAsync("$skip=100"));
    }

    [Fact]
    public async Task Count_uses_the_filter_and_ignores_paging()
    {
        var all = await GetJsonAsync(Org + "badplatser?$count=true&$top=1");
        Assert.Equal(6, all.GetProperty("@odata.count").GetInt64());
        Assert.Equal(1, all.GetProperty("value").GetArrayLength());
        var filtered = await GetJsonAsync(Org + "badplatser?$count=true&$filter=" + Escape("kommun eq 'Härryda'"));
        Assert.Equal(3, filtered.GetProperty("@odata.count").GetInt64());
        var none = await GetJsonAsync(Org + "badplatser?$count=false");
        Assert.False(none.TryGetProperty("@odata.count", out _));
    }

    [Fact]
    public async Task Next_links_page_through_every_row_exactly_once()
    {
        var seen = new List<string>();
        var url = Org + "intressanta_platser?$orderby=kategori desc,varde&$select=namn&$count=true";
        var pages = 0;
        while (url is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Prefer", "odata.maxpagesize=500");
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(TestDatasets.PlatserCount, json.GetProperty("@odata.count").GetInt64());
            seen.AddRange(json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("namn").GetString()!));
            url = json.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
            Assert.True(++pages <= 10);
        }
        Assert.Equal(5, pages);
        Assert.Equal(TestDatasets.PlatserCount, seen.Count);
        Assert.Equal(TestDatasets.PlatserCount, seen.Distinct().Count());

        // The order across pages is the requested order: kategori desc (nulls last), then värde, then _row.
        var expected = TestDatasets.PlatserRows()
            .Select((r, i) => (Namn: (string)r[0]!, Kategori: (string?)r[1], Varde: (long)r[2]!, Row: i))
            .OrderByDescending(r => r.Kategori is null ? 0 : 1).ThenByDescending(r => r.Kategori, StringComparer.Ordinal)
            .ThenBy(r => r.Varde).ThenBy(r => r.Row)
            .Select(r => r.Namn);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Server_paging_caps_a_page_at_the_maximum_and_carries_top_forward()
    {
        var json = await GetJsonAsync(Org + "intressanta_platser?$top=1500&$select=namn");
        Assert.Equal(1000, json.GetProperty("value").GetArrayLength());
        var next = json.GetProperty("@odata.nextLink").GetString()!;
        Assert.Contains("$top=500", next);
        Assert.DoesNotContain("$skip=", next);
        var second = await GetJsonAsync(next);
        Assert.Equal(500, second.GetProperty("value").GetArrayLength());
        Assert.False(second.TryGetProperty("@odata.nextLink", out _));
    }

    [Theory]
    [InlineData("badplatser?$filter=nosuchproperty eq 1", "nosuchproperty")]
    [InlineData("badplatser?$filter=namn eq", null)]
    [InlineData("badplatser?$filter=djup eq 'text'", null)]
    [InlineData("badplatser?$orderby=nosuch", "nosuch")]
    [InlineData("badplatser?$select=nosuch", "nosuch")]
    [InlineData("badplatser?$top=-1", null)]
    [InlineData("badplatser?$top=abc", null)]
    [InlineData("badplatser?$skip=-5", null)]
    [InlineData("badplatser?$count=maybe", null)]
    [InlineData("badplatser?$bogus=1", "$bogus")]
    [InlineData("badplatser?$skiptoken=notatoken", "$skiptoken")]
    public async Task Malformed_queries_get_400_with_an_odata_error(string query, string? mentioned)
    {
        var message = await ErrorAsync(Org + query);
        if (mentioned is not null) Assert.Contains(mentioned, message);
    }
}

public sealed class SqliteServiceBasicsTests(SqliteServiceFixture fixture) : ServiceBasicsTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresServiceBasicsTests(PostgresServiceFixture fixture) : ServiceBasicsTests(fixture), IClassFixture<PostgresServiceFixture>;
