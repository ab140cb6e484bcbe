using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// Replays what Excel / Power BI's OData.Feed does: service document, $metadata (must be XML),
/// the entity set, every @odata.nextLink, and /$count as text/plain, with their Accept headers.
/// </summary>
public abstract class PowerBiSequenceTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private const string FeedAccept =
        "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7";

    private async Task<HttpResponseMessage> SendAsync(string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Add("OData-Version", "4.0");
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        return response;
    }

    [Fact]
    public async Task Feed_sequence_reads_every_row()
    {
        using var service = await SendAsync(Org, FeedAccept);
        var serviceDocument = JsonDocument.Parse(await service.Content.ReadAsStringAsync()).RootElement;
        var entitySetUrl = serviceDocument.GetProperty("value").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "intressanta_platser").GetProperty("url").GetString()!;

        using var metadata = await SendAsync(Org + "$metadata", "application/xml");
        Assert.Equal("application/xml", metadata.Content.Headers.ContentType!.MediaType);
        var csdl = XDocument.Parse(await metadata.Content.ReadAsStringAsync());
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var propertyNames = csdl.Descendants(edm + "EntityType").Single(e => (string?)e.Attribute("Name") == "intressanta_platser")
            .Elements(edm + "Property").Select(p => p.Attribute("Name")!.Value).ToList();

        var rows = 0;
        var url = new Uri(Fixture.BaseAddress, Org + entitySetUrl).ToString();
        while (url is not null)
        {
            using var page = await SendAsync(url, FeedAccept);
            Assert.StartsWith("application/json", page.Content.Headers.ContentType!.ToString());
            var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
            foreach (var row in json.GetProperty("value").EnumerateArray())
            {
                Assert.Equal(propertyNames, row.EnumerateObject().Select(p => p.Name).ToList());
                rows++;
            }
            url = json.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
        }
        Assert.Equal(TestDatasets.PlatserCount, rows);

        using var count = await SendAsync(Org + entitySetUrl + "/$count", "text/plain");
        Assert.Equal("text/plain", count.Content.Headers.ContentType!.MediaType);
        Assert.Equal(rows.ToString(), await count.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Folded_query_from_power_query_is_answered()
    {
        // Table.FirstN / Table.SelectColumns / Table.Sort / Table.SelectRows fold to these options.
        // Å sorts after O (code point order, and Swedish order alike), so Ålsjön comes first descending.
        using var page = await SendAsync(Org + "badplatser?$filter=" + Escape("kommun eq 'Härryda' and temperatur ge 17")
            + "&$select=id,namn&$orderby=namn desc&$top=2", FeedAccept);
        var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["B1", "B5"], json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }
}

public sealed class SqlitePowerBiSequenceTests(SqliteServiceFixture fixture) : PowerBiSequenceTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresPowerBiSequenceTests(PostgresServiceFixture fixture) : PowerBiSequenceTests(fixture), IClassFixture<PostgresServiceFixture>;
