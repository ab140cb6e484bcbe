using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// SCB's PxWeb API (v2): a table's data in JSON-stat 2.0, a cube of region × gender × content × year, becomes long,
/// typed rows of the nyckeltal specification, one per cell, like Kolada's; the server's rate limit (429 with
/// Retry-After) is waited out. The answer is shaped as PxWeb writes it (dimension, category index and label, value in
/// row-major order, status by cell number, the table id in extension.px).
/// </summary>
public sealed class PxWebHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new();
    private LocalHttpServer _server = null!;
    private int _requests;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private const string DataPath = "/OV0104/v2beta/api/v2/tables/TAB638/data";

    /// <summary>Population of Kalmar and Nybro by gender (1 men, 2 women, 1+2 both), 2022 and 2023; one cell withheld ("..").</summary>
    private const string JsonStat = """
        {"version":"2.0","class":"dataset","label":"Folkmängd efter region, kön, tabellinnehåll och år",
         "source":"SCB","updated":"2024-02-21T07:00:00Z",
         "id":["Region","Kon","ContentsCode","Tid"],
         "size":[2,3,1,2],
         "dimension":{
          "Region":{"label":"region","category":{"index":{"0880":0,"0881":1},"label":{"0880":"Kalmar","0881":"Nybro"}}},
          "Kon":{"label":"kön","category":{"index":{"1":0,"2":1,"1+2":2},"label":{"1":"män","2":"kvinnor","1+2":"totalt"}}},
          "ContentsCode":{"label":"tabellinnehåll","category":{"index":{"BE0101N1":0},"label":{"BE0101N1":"Folkmängd"},
                          "unit":{"BE0101N1":{"base":"antal","decimals":0}}}},
          "Tid":{"label":"år","category":{"index":{"2022":0,"2023":1},"label":{"2022":"2022","2023":"2023"}}}},
         "value":[33500,33800,34000,34300,67500,68100,10100,10050,10050,null,20150,20100],
         "status":{"9":".."},
         "role":{"time":["Tid"],"geo":["Region"],"metric":["ContentsCode"]},
         "extension":{"px":{"tableid":"TAB638","decimals":0,"language":"sv"}}}
        """;

    private async Task<JsonElement> HarvestAsync(string org)
    {
        _server.Map(DataPath, async context =>
        {
            // The first request meets SCB's rate limit; the harvest waits as told and asks again.
            if (Interlocked.Increment(ref _requests) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonStat, Encoding.UTF8);
        });
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Folkmängd från SCB", datasetSlug = "nyckeltal", kind = "PxWeb", specificationId = "nyckeltal",
            location = _server.Url(DataPath + "?lang=sv&valueCodes[Region]=0880,0881&valueCodes[Tid]=2022,2023").ToString(),
        });
        return await HarvestPlatform.HarvestAsync(admin, source);
    }

    [Fact]
    public async Task Every_cell_of_the_cube_becomes_a_long_typed_row_after_waiting_out_the_rate_limit()
    {
        var run = await HarvestAsync("pxkommun");
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        Assert.Equal(12, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(0, run.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(2, _requests);
        Assert.All(_server.Requests.Where(r => r.StartsWith(DataPath, StringComparison.Ordinal)), r => Assert.Contains("outputFormat=json-stat2", r));

        var client = _platform.CreateClient();
        var total = (await client.GetFromJsonAsync<JsonElement>("/odata/pxkommun/nyckeltal?$filter=kommunkod eq '0880' and kon eq 'T' and period eq '2023'"))
            .GetProperty("value").EnumerateArray().Single();
        Assert.Equal("TAB638/BE0101N1", total.GetProperty("kpi").GetString());
        Assert.Equal("Folkmängd", total.GetProperty("kpi_namn").GetString());
        Assert.Equal("Kalmar", total.GetProperty("kommun").GetString());
        Assert.Equal(68100, total.GetProperty("varde").GetDouble());

        var withheld = (await client.GetFromJsonAsync<JsonElement>("/odata/pxkommun/nyckeltal?$filter=kommunkod eq '0881' and kon eq 'K' and period eq '2023'"))
            .GetProperty("value").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, withheld.GetProperty("varde").ValueKind);
        Assert.Equal("..", withheld.GetProperty("status").GetString());

        // Long format: men and women add up to the total, summed by OData.
        var byGender = await client.GetFromJsonAsync<JsonElement>(
            "/odata/pxkommun/nyckeltal?$apply=filter(kommunkod eq '0880' and period eq '2022' and kon ne 'T')/aggregate(varde with sum as summa)");
        Assert.Equal(67500, byGender.GetProperty("value")[0].GetProperty("summa").GetDouble());
    }
}
