using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Kolada (API v2) as a source: the reproduction (values[].values[] became one text column of JSON) now
/// gives long, typed rows of the nyckeltal specification, page after page by next_page, waiting when the server
/// asks to (429 with Retry-After). The responses have Kolada's recorded shape and are served from 127.0.0.1.
/// </summary>
public class KoladaHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public KoladaHarvestTests() : this(StoreProvider.Sqlite) { }

    protected KoladaHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private const string DataPath = "/v2/data/kpi/N00945,N01951/year/2022,2023";

    /// <summary>Page one: two key figures for Kalmar and Nybro, by gender; one value missing, as Kolada marks it.</summary>
    private static string PageOne(string next) => $$"""
        {"count": 4,
         "values": [
          {"kpi": "N00945", "municipality": "0880", "period": 2022,
           "values": [{"count": 1, "gender": "K", "status": "", "value": 51.2},
                      {"count": 1, "gender": "M", "status": "", "value": 48.8},
                      {"count": 1, "gender": "T", "status": "", "value": 50.0}]},
          {"kpi": "N00945", "municipality": "0880", "period": 2023,
           "values": [{"count": 1, "gender": "K", "status": "", "value": 52.1},
                      {"count": 1, "gender": "M", "status": "", "value": 47.9},
                      {"count": 1, "gender": "T", "status": "", "value": 50.1}]},
          {"kpi": "N00945", "municipality": "0881", "period": 2022,
           "values": [{"count": 1, "gender": "T", "status": "Missing", "value": null}]},
          {"kpi": "N00945", "municipality": "0881", "period": 2023,
           "values": [{"count": 1, "gender": "T", "status": "", "value": 49.3}]}
         ],
         "next_page": "{{next}}"}
        """;

    /// <summary>Page two, the last (no next_page): a key figure without gender breakdown, and a region.</summary>
    private const string PageTwo = """
        {"count": 2,
         "values": [
          {"kpi": "N01951", "municipality": "0880", "period": 2023,
           "values": [{"count": 12, "gender": "T", "status": "", "value": 71013}]},
          {"kpi": "N01951", "municipality": "0008", "period": 2023,
           "values": [{"count": 12, "gender": "T", "status": "", "value": 247175}]}
         ]}
        """;

    private int _pageTwoRequests;

    private void ServeKolada()
    {
        var next = _server.Url(DataPath + "?page=2&per_page=4").ToString();
        _server.Map(DataPath, async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Query["page"] == "2")
            {
                // The first ask for page two meets Kolada's rate limit; the harvest waits as told and asks again.
                if (Interlocked.Increment(ref _pageTwoRequests) == 1)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = "1";
                    return;
                }
                await context.Response.WriteAsync(PageTwo, Encoding.UTF8);
                return;
            }
            await context.Response.WriteAsync(PageOne(next), Encoding.UTF8);
        });
    }

    private async Task<JsonElement> HarvestAsync(string org, string? specificationId)
    {
        ServeKolada();
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Nyckeltal från Kolada", datasetSlug = "nyckeltal", kind = "Kolada", location = _server.Url(DataPath).ToString(), specificationId,
        });
        return await HarvestPlatform.HarvestAsync(admin, source);
    }

    private async Task<JsonElement[]> RowsAsync(string org, string query) =>
        (await _platform.CreateClient().GetFromJsonAsync<JsonElement>($"/odata/{org}/nyckeltal?{query}"))
        .GetProperty("value").EnumerateArray().ToArray();

    [Fact]
    public async Task Kolada_values_become_long_typed_rows_per_key_figure_area_period_and_gender_over_every_page()
    {
        var run = await HarvestAsync("koladakommun", "nyckeltal");
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        Assert.Equal(10, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(0, run.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(2, _pageTwoRequests); // refused once by the rate limit, then read

        var all = await RowsAsync("koladakommun", "$count=true&$orderby=kpi,kommunkod,period,kon");
        Assert.Equal(10, all.Length);
        var women = Assert.Single(await RowsAsync("koladakommun", "$filter=" + Uri.EscapeDataString("kommunkod eq '0880' and period eq '2023' and kon eq 'K'")));
        Assert.Equal("N00945", women.GetProperty("kpi").GetString());
        Assert.Equal("Kalmar", women.GetProperty("kommun").GetString());
        Assert.Equal(52.1, women.GetProperty("varde").GetDouble());
        Assert.Equal(1, women.GetProperty("antal").GetInt64());
        Assert.Equal(JsonValueKind.Null, women.GetProperty("status").ValueKind);

        // Typed: numeric comparison and sums work on the value, and the missing one is empty with Kolada's status.
        Assert.Equal(2, (await RowsAsync("koladakommun", "$filter=" + Uri.EscapeDataString("varde gt 70000"))).Length);
        var missing = Assert.Single(await RowsAsync("koladakommun", "$filter=" + Uri.EscapeDataString("status eq 'Missing'")));
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("varde").ValueKind);
        Assert.Equal("Nybro", missing.GetProperty("kommun").GetString());
        var region = Assert.Single(await RowsAsync("koladakommun", "$filter=" + Uri.EscapeDataString("kommunkod eq '0008'")));
        Assert.Equal(247175, region.GetProperty("varde").GetDouble());
        Assert.Equal(12, region.GetProperty("antal").GetInt64());
        var total = await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/odata/koladakommun/nyckeltal?$apply="
            + Uri.EscapeDataString("filter(kpi eq 'N00945' and kon eq 'T')/aggregate(varde with sum as summa)"));
        Assert.Equal(149.4, Math.Round(total.GetProperty("value")[0].GetProperty("summa").GetDouble(), 6));
    }

    [Fact]
    public async Task A_second_harvest_of_the_same_answers_publishes_no_new_version()
    {
        Assert.True((await HarvestAsync("koladaigen", "nyckeltal")).GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings");
        var admin = _platform.Admin();
        var sources = await admin.GetFromJsonAsync<JsonElement>("/api/admin/sources");
        var id = sources.EnumerateArray().First(s => s.GetProperty("name").GetString() == "Nyckeltal från Kolada").GetProperty("id").GetGuid();
        var again = await HarvestPlatform.HarvestAsync(admin, id);
        Assert.Equal("Unchanged", again.GetProperty("status").GetString());
    }
}

public sealed class PostgresKoladaHarvestTests() : KoladaHarvestTests(StoreProvider.Postgres);
