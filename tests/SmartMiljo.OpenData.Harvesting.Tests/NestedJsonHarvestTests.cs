using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Issue 15's "statistics stay nested": a JSON API whose records nest objects (a venue with an address and a position,
/// an organiser with a contact) and an array of records (an event's occasions) used to give one text column of JSON
/// per nested value. Objects are now flattened into columns named by their path, the array the source names is
/// unrolled into one row per element, and the report says which columns came from where.
/// </summary>
public sealed class NestedJsonHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new();
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    /// <summary>The shape of a municipal events API (as visitkalmar-like calendars answer), two pages by link.</summary>
    private const string PageOne = """
        {"meta":{"total":3},"links":{"next":"/api/evenemang?sida=2"},"data":{"items":[
          {"id":"ev-101","namn":"Skördefest på slottet","gratis":false,
           "plats":{"namn":"Kalmar slott","adress":{"gata":"Kungsgatan 1","postnummer":"392 33","ort":"Kalmar"},
                    "position":{"lat":56.6577,"lon":16.3563}},
           "arrangor":{"namn":"Kalmar kommun","kontakt":{"epost":"evenemang@kalmar.se","telefon":"0480-45 00 00"}},
           "kategorier":["mat","marknad"],
           "tillfallen":[{"start":"2026-09-12T10:00:00+02:00","slut":"2026-09-12T16:00:00+02:00","platser":400},
                         {"start":"2026-09-13T10:00:00+02:00","slut":"2026-09-13T15:00:00+02:00","platser":350}]},
          {"id":"ev-102","namn":"Konsert i Domkyrkan","gratis":true,
           "plats":{"namn":"Kalmar domkyrka","adress":{"gata":"Stortorget 14","postnummer":"392 32","ort":"Kalmar"},
                    "position":{"lat":56.6628,"lon":16.3649}},
           "arrangor":{"namn":"Kalmar domkyrkoförsamling","kontakt":{"epost":"info@domkyrkan.se"}},
           "kategorier":["musik"],
           "tillfallen":[{"start":"2026-10-03T19:00:00+02:00","slut":"2026-10-03T21:00:00+02:00","platser":600}]}
        ]}}
        """;

    private const string PageTwo = """
        {"meta":{"total":3},"links":{"next":null},"data":{"items":[
          {"id":"ev-103","namn":"Utställning: Kalmarsund","gratis":true,
           "plats":{"namn":"Kalmar konstmuseum","adress":{"gata":"Stadsparken","postnummer":"392 33","ort":"Kalmar"},
                    "position":{"lat":56.6601,"lon":16.3578}},
           "arrangor":{"namn":"Kalmar konstmuseum","kontakt":{}},
           "kategorier":[],
           "tillfallen":[]}
        ]}}
        """;

    private async Task<JsonElement> HarvestAsync(string org, object settings)
    {
        _server.Map("/api/evenemang", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Query["sida"] == "2" ? PageTwo : PageOne, Encoding.UTF8);
        });
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120000787");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Evenemang", datasetSlug = "evenemang", kind = "JsonApi", location = _server.Url("/api/evenemang").ToString(), settings,
        });
        return await HarvestPlatform.HarvestAsync(admin, sourceId);
    }

    private static string? Fact(JsonElement run, string name)
    {
        static string? Find(JsonElement node, string name)
        {
            if (node.ValueKind == JsonValueKind.Object)
                foreach (var p in node.EnumerateObject())
                    if (p.Name == name && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
                    else if (Find(p.Value, name) is { } found) return found;
            if (node.ValueKind == JsonValueKind.Array)
                foreach (var item in node.EnumerateArray())
                    if (Find(item, name) is { } found) return found;
            return null;
        }
        return Find(run, name);
    }

    [Fact]
    public async Task Nested_objects_become_path_columns_and_the_named_array_one_row_per_occasion()
    {
        var run = await HarvestAsync("nestkommun", new { recordsPointer = "/data/items", paging = "Link", nextLinkPointer = "/links/next", unroll = "/tillfallen" });
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        // Two occasions, one, and none: four rows; the event without occasions keeps its row.
        Assert.Equal(4, run.GetProperty("rowsAccepted").GetInt64());

        // The report shows the mapping: which column came from which path, and what was unrolled.
        Assert.Contains("plats.adress.gata ← /plats/adress/gata", Fact(run, "nestedColumns"));
        Assert.Contains("arrangor.kontakt.epost ← /arrangor/kontakt/epost", Fact(run, "nestedColumns"));
        Assert.Equal("/tillfallen: 3 records, 4 rows", Fact(run, "unrolled"));

        var client = _platform.CreateClient();
        var rows = (await client.GetFromJsonAsync<JsonElement>("/odata/nestkommun/evenemang?$orderby=id,tillfallen_start"))
            .GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(["ev-101", "ev-101", "ev-102", "ev-103"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("Kungsgatan 1", rows[0].GetProperty("plats_adress_gata").GetString());
        Assert.Equal("Kungsgatan 1", rows[1].GetProperty("plats_adress_gata").GetString()); // repeated on each occasion
        Assert.Equal(56.6577, rows[0].GetProperty("plats_position_lat").GetDouble());
        Assert.Equal("evenemang@kalmar.se", rows[0].GetProperty("arrangor_kontakt_epost").GetString());
        Assert.Equal(400, rows[0].GetProperty("tillfallen_platser").GetInt64());
        Assert.Equal(350, rows[1].GetProperty("tillfallen_platser").GetInt64());
        Assert.Equal(JsonValueKind.Null, rows[3].GetProperty("tillfallen_start").ValueKind);

        // Typed columns that can be filtered: the occasions' start times and the nested numbers.
        var september = (await client.GetFromJsonAsync<JsonElement>(
            "/odata/nestkommun/evenemang?$filter=tillfallen_start lt 2026-10-01T00:00:00Z and plats_adress_ort eq 'Kalmar'&$select=id,tillfallen_platser"))
            .GetProperty("value").EnumerateArray().Select(r => r.GetProperty("tillfallen_platser").GetInt64()).Order().ToArray();
        Assert.Equal([350L, 400L], september);
        var seats = await client.GetFromJsonAsync<JsonElement>("/odata/nestkommun/evenemang?$apply=groupby((id),aggregate(tillfallen_platser with sum as platser))&$orderby=id");
        Assert.Equal(750, seats.GetProperty("value")[0].GetProperty("platser").GetInt64());
    }

    [Fact]
    public async Task Without_unroll_each_record_is_one_row_its_objects_flattened_and_its_arrays_kept_as_json()
    {
        var run = await HarvestAsync("nestrad", new { recordsPointer = "/data/items", paging = "Link", nextLinkPointer = "/links/next" });
        Assert.Equal(3, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Null(Fact(run, "unrolled"));
        var rows = (await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/odata/nestrad/evenemang?$orderby=id"))
            .GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal("Stortorget 14", rows[1].GetProperty("plats_adress_gata").GetString());
        Assert.Equal("[\"mat\",\"marknad\"]", rows[0].GetProperty("kategorier").GetString());
        Assert.Contains("\"platser\":600", rows[1].GetProperty("tillfallen").GetString());
    }
}
