using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary><c>$apply</c> with filter, groupby and aggregate, translated to one GROUP BY on each database.</summary>
public abstract class AggregationTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private async Task<JsonElement[]> RowsAsync(string apply, string extra = "")
    {
        var json = await GetJsonAsync(Org + "badplatser?$apply=" + Escape(apply) + extra);
        return json.GetProperty("value").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task Metadata_declares_apply_supported_and_every_declared_method_works()
    {
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        var metadata = XDocument.Parse(await Client.GetStringAsync(Org + "$metadata"));
        Assert.Contains(metadata.Root!.Descendants().Where(e => e.Name.LocalName == "Include"),
            i => (string?)i.Attribute("Namespace") == "Org.OData.Aggregation.V1");
        var set = metadata.Descendants(edm + "EntitySet").Single(e => (string?)e.Attribute("Name") == "badplatser");
        var annotation = set.Elements(edm + "Annotation").Single(a => ((string?)a.Attribute("Term"))!.EndsWith("ApplySupported"));
        XElement Value(XElement record, string property) =>
            record.Elements(edm + "PropertyValue").Single(p => (string?)p.Attribute("Property") == property);
        var record = annotation.Element(edm + "Record")!;
        Assert.Equal(["filter", "groupby", "aggregate"], Value(record, "Transformations").Descendants(edm + "String").Select(s => s.Value));
        Assert.Empty(Value(record, "CustomAggregationMethods").Descendants(edm + "String"));
        var groupable = Value(record, "GroupableProperties").Descendants(edm + "PropertyPath").Select(p => p.Value).ToList();
        Assert.Contains("kommun", groupable);
        Assert.DoesNotContain("location", groupable);

        // True to what works: every property is grouped by, and every declared method answers; an undeclared one is refused.
        foreach (var property in groupable)
            await RowsAsync($"groupby(({property}))");
        var aggregatable = Value(record, "AggregatableProperties").Elements(edm + "Collection").Elements(edm + "Record").ToList();
        foreach (var entry in aggregatable)
        {
            var property = (string)Value(entry, "Property").Attribute("PropertyPath")!;
            foreach (var method in Value(entry, "SupportedAggregationMethods").Descendants(edm + "String").Select(s => s.Value))
                Assert.Single(await RowsAsync($"aggregate({property} with {method} as x)"));
        }
        var namn = aggregatable.Single(e => (string?)Value(e, "Property").Attribute("PropertyPath") == "namn");
        Assert.DoesNotContain("sum", Value(namn, "SupportedAggregationMethods").Descendants(edm + "String").Select(s => s.Value));
        await ErrorAsync(Org + "badplatser?$apply=" + Escape("aggregate(namn with sum as x)"));
    }

    [Fact]
    public async Task Groupby_with_count_and_sum_per_municipality()
    {
        var json = await GetJsonAsync(Org + "badplatser?$apply=" + Escape("groupby((kommun),aggregate($count as antal,djup with sum as total))"));
        Assert.EndsWith("$metadata#badplatser(kommun,antal,total)", json.GetProperty("@odata.context").GetString());
        var rows = json.GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(["Härryda", "Mariestad", "Osby"], rows.Select(r => r.GetProperty("kommun").GetString()));
        Assert.Equal([3, 1, 2], rows.Select(r => r.GetProperty("antal").GetInt64()));
        Assert.Equal(3 - 5 + 100, rows[0].GetProperty("total").GetInt64());
        Assert.Equal(TestDatasets.BigNumber, rows[1].GetProperty("total").GetInt64()); // exact: summed as integers, not doubles
        Assert.Equal(0, rows[2].GetProperty("total").GetInt64()); // B3's null is skipped, B6 has 0
        // The aliases are not in $metadata, so their types are stated.
        Assert.Equal("#Int64", rows[0].GetProperty("antal@odata.type").GetString());
        Assert.Equal("#Int64", rows[0].GetProperty("total@odata.type").GetString());
        Assert.False(rows[0].TryGetProperty("kommun@odata.type", out _));
    }

    [Fact]
    public async Task Aggregate_without_groups_gives_one_row_of_every_method()
    {
        var row = (await RowsAsync("aggregate(temperatur with average as medel,temperatur with min as lägst,temperatur with max as högst,"
            + "kommun with countdistinct as kommuner,datum with max as senast,$count as n)")).Single();
        Assert.Equal((18.5 + 21.0 + 16.25 + 19.0 + 2.5) / 5, row.GetProperty("medel").GetDouble(), 10);
        Assert.Equal(2.5, row.GetProperty("lägst").GetDouble());
        Assert.Equal(21.0, row.GetProperty("högst").GetDouble());
        Assert.Equal(3, row.GetProperty("kommuner").GetInt64());
        Assert.Equal("2024-07-15", row.GetProperty("senast").GetString());
        Assert.Equal("#Date", row.GetProperty("senast@odata.type").GetString());
        Assert.Equal(6, row.GetProperty("n").GetInt64());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("medel").ValueKind);
    }

    [Fact]
    public async Task Filters_chained_before_the_grouping()
    {
        var rows = await RowsAsync("filter(djup ge 0)/filter(kommun ne 'Mariestad')/groupby((kommun,oppen),aggregate(djup with max as djupast))");
        var groups = rows.Select(r => $"{r.GetProperty("kommun").GetString()}|{r.GetProperty("oppen").GetBoolean()}|{r.GetProperty("djupast").GetInt64()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Härryda|False|100", "Härryda|True|3", "Osby|True|0" }.Order(StringComparer.Ordinal), groups);
        Assert.Equal(3, rows.Length);
    }

    [Fact]
    public async Task Groupby_alone_lists_the_distinct_groups_and_orderby_uses_result_names()
    {
        var rows = await RowsAsync("groupby((kommun))", "&$orderby=kommun desc");
        Assert.Equal(["Osby", "Mariestad", "Härryda"], rows.Select(r => r.GetProperty("kommun").GetString()));
        var byTotal = await RowsAsync("groupby((kommun),aggregate($count as n))", "&$orderby=n desc,kommun");
        Assert.Equal(["Härryda", "Osby", "Mariestad"], byTotal.Select(r => r.GetProperty("kommun").GetString()));
    }

    [Fact]
    public async Task Results_page_with_top_skip_and_next_links()
    {
        var json = await GetJsonAsync(Org + "intressanta_platser?$apply=" + Escape("groupby((varde),aggregate($count as n))"));
        var first = json.GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(97, first.Length); // 97 distinct values, one page
        Assert.Equal(2345, first.Sum(r => r.GetProperty("n").GetInt64()));

        using var request = new HttpRequestMessage(HttpMethod.Get, Org + "intressanta_platser?$apply=" + Escape("groupby((varde),aggregate($count as n))"));
        request.Headers.Add("Prefer", "odata.maxpagesize=40");
        using var response = await Client.SendAsync(request);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var seen = page.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("varde").GetInt64()).ToList();
        var next = page.GetProperty("@odata.nextLink").GetString();
        while (next is not null)
        {
            using var more = new HttpRequestMessage(HttpMethod.Get, next);
            more.Headers.Add("Prefer", "odata.maxpagesize=40");
            using var moreResponse = await Client.SendAsync(more);
            var body = JsonDocument.Parse(await moreResponse.Content.ReadAsStringAsync()).RootElement;
            seen.AddRange(body.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("varde").GetInt64()));
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        Assert.Equal(Enumerable.Range(0, 97).Select(i => (long)i), seen);
        Assert.Equal(5, (await GetJsonAsync(Org + "intressanta_platser?$apply=" + Escape("groupby((varde))") + "&$top=5&$skip=10"))
            .GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Full_metadata_marks_groups_as_transient()
    {
        var row = (await GetJsonAsync(Org + "badplatser?$apply=" + Escape("groupby((kommun),aggregate($count as n))")
            + "&$format=" + Escape("json;odata.metadata=full"))).GetProperty("value")[0];
        Assert.Equal(JsonValueKind.Null, row.GetProperty("@odata.id").ValueKind);
        Assert.Equal("#Int64", row.GetProperty("n@odata.type").GetString());
    }

    [Theory]
    [InlineData("groupby((kommun),aggregate(djup with sum as total))/filter(total gt 5)", HttpStatusCode.NotImplemented)]
    [InlineData("compute(djup add 1 as d)/groupby((d))", HttpStatusCode.NotImplemented)]
    [InlineData("filter(djup gt 0)", HttpStatusCode.NotImplemented)]
    [InlineData("aggregate(namn with sum as s)", HttpStatusCode.BadRequest)]
    [InlineData("aggregate(oppen with max as s)", HttpStatusCode.BadRequest)]
    [InlineData("groupby((location))", HttpStatusCode.BadRequest)]
    [InlineData("aggregate(djup with sum as kommun,kommun with max as kommun)", HttpStatusCode.BadRequest)]
    [InlineData("groupby((nosuch))", HttpStatusCode.BadRequest)]
    [InlineData("aggregate(djup with median as m)", HttpStatusCode.BadRequest)]
    public async Task What_is_not_supported_or_wrong_is_refused_clearly(string apply, HttpStatusCode expected)
    {
        var message = await ErrorAsync(Org + "badplatser?$apply=" + Escape(apply), expected);
        Assert.DoesNotContain("Exception", message);
    }

    [Fact]
    public async Task Options_beside_apply_that_would_change_its_meaning_are_501()
    {
        await ErrorAsync(Org + "badplatser?$apply=" + Escape("groupby((kommun))") + "&$filter=" + Escape("kommun eq 'Osby'"), HttpStatusCode.NotImplemented);
        await ErrorAsync(Org + "badplatser?$apply=" + Escape("groupby((kommun))") + "&$orderby=djup", HttpStatusCode.BadRequest);
        await ErrorAsync(Org + "badplatser/$count?$apply=" + Escape("groupby((kommun))"), HttpStatusCode.NotImplemented);
    }
}

public sealed class SqliteAggregationTests(SqliteServiceFixture fixture) : AggregationTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresAggregationTests(PostgresServiceFixture fixture) : AggregationTests(fixture), IClassFixture<PostgresServiceFixture>;
