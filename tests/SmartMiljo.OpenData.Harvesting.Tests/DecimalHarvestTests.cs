using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Parquet;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// The reproduction: <c>belopp</c> in leverantörsreskontra was Edm.Double, so <c>12345.67M</c> was refused
/// and sums drifted. Declared exact (<c>"x-decimal": true</c>), it is stored exactly (numeric on PostgreSQL, canonical
/// text under a numeric collation on SQLite), served as Edm.Decimal, filtered, computed and summed exactly, and
/// every download keeps every digit.
/// </summary>
public class DecimalHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public DecimalHarvestTests() : this(StoreProvider.Sqlite) { }

    protected DecimalHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    /// <summary>Ten payments of 0.10 (whose double sum is 0.9999999999999999), an amount with more digits than a double
    /// holds, a decimal comma, a credit note, and 500, which sorts after 12345.67 as text but before it as a number.</summary>
    private static string Invoices()
    {
        var csv = new StringBuilder("kopare,faktura_nr,leverantor,leverantor_id,forvaltning,konto_nr,konto_text,belopp,valuta,datum\n");
        void Row(string number, string amount) =>
            csv.Append($"2120000787,{number},Leverantör AB,5560360793,Tekniska förvaltningen,4010,Material,{amount},SEK,2026-11-{(number.Length % 28) + 1:00}\n");
        Row("F1", "12345.67");
        for (var i = 2; i <= 11; i++) Row($"F{i}", "0.10");
        Row("F12", "98765432109876543.21");
        Row("F13", "\"1234,50\"");
        Row("F14", "-500.25");
        Row("F15", "500");
        return csv.ToString();
    }

    private const string ExpectedSum = "98765432109890124.13"; // 12345.67 + 1 + 98765432109876543.21 + 1234.5 - 500.25 + 500

    private async Task<JsonElement> HarvestAsync(string org)
    {
        _server.MapFile($"/{org}.csv", Encoding.UTF8.GetBytes(Invoices()), "text/csv");
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, org, "2120000787");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Leverantörsreskontra", datasetSlug = "fakturor", kind = "Csv", location = _server.Url($"/{org}.csv").ToString(),
            specificationId = "leverantorsreskontra",
        });
        return await HarvestPlatform.HarvestAsync(admin, sourceId);
    }

    private async Task<JsonElement[]> RowsAsync(string org, string query) =>
        (await _platform.CreateClient().GetFromJsonAsync<JsonElement>($"/odata/{org}/fakturor?{query}"))
        .GetProperty("value").EnumerateArray().ToArray();

    private static string[] Amounts(IEnumerable<JsonElement> rows) => rows.Select(r => r.GetProperty("belopp").GetRawText()).ToArray();

    [Fact]
    public async Task Amounts_are_exact_in_odata_filters_arithmetic_sums_and_order()
    {
        var run = await HarvestAsync("decimalkommun");
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        Assert.Equal(15, run.GetProperty("rowsAccepted").GetInt64());
        Assert.Contains("decimalkomma", run.GetProperty("report").GetRawText()); // 1234,50 was read and said so

        var client = _platform.CreateClient();
        var metadata = await client.GetStringAsync("/odata/decimalkommun/$metadata");
        Assert.Contains("Name=\"belopp\" Type=\"Edm.Decimal\"", metadata);
        Assert.Contains("Scale=\"variable\"", metadata, StringComparison.OrdinalIgnoreCase);

        // M-suffixed literals, as the issue asks; every digit of the amounts comes back as written.
        Assert.Equal(["12345.67"], Amounts(await RowsAsync("decimalkommun", "$filter=belopp eq 12345.67M")));
        Assert.Equal(["98765432109876543.21"], Amounts(await RowsAsync("decimalkommun", "$filter=belopp eq 98765432109876543.21M")));
        Assert.Empty(await RowsAsync("decimalkommun", "$filter=belopp eq 98765432109876543.2M"));
        Assert.Equal(10, (await RowsAsync("decimalkommun", "$filter=belopp eq 0.1M")).Length);
        Assert.Equal(["-500.25"], Amounts(await RowsAsync("decimalkommun", "$filter=belopp lt 0M")));
        Assert.Equal(["1234.5"], Amounts(await RowsAsync("decimalkommun", "$filter=faktura_nr eq 'F13'")));

        // Ordered and compared as numbers, not as text.
        Assert.Equal(["500", "1234.5", "12345.67", "98765432109876543.21"],
            Amounts(await RowsAsync("decimalkommun", "$filter=belopp ge 400M&$orderby=belopp")));
        Assert.Equal(["98765432109876543.21", "12345.67"],
            Amounts(await RowsAsync("decimalkommun", "$filter=belopp gt 1234.5M&$orderby=belopp desc")));
        Assert.Equal(["-500.25", "0.1"], Amounts(await RowsAsync("decimalkommun", "$orderby=belopp&$top=2")).Distinct().ToArray());

        // Arithmetic is exact: 0.1 × 3 is 0.3 (in doubles it is 0.30000000000000004), 0.1 + 0.9 is 1.
        Assert.Equal(10, (await RowsAsync("decimalkommun", "$filter=belopp mul 3 eq 0.3M")).Length);
        Assert.Equal(10, (await RowsAsync("decimalkommun", "$filter=belopp add 0.9M eq 1M")).Length);
        Assert.Equal(["-500.25"], Amounts(await RowsAsync("decimalkommun", "$filter=-belopp eq 500.25M")));
        Assert.Equal(["12345.67"], Amounts(await RowsAsync("decimalkommun", "$filter=round(belopp) eq 12346M")));
        Assert.Equal(10, (await RowsAsync("decimalkommun", "$filter=ceiling(belopp) eq 1M and floor(belopp) eq 0M")).Length);
        Assert.Equal(["500"], Amounts(await RowsAsync("decimalkommun", "$filter=belopp div 2M eq 250M")));
        Assert.Equal(["12345.67"], Amounts(await RowsAsync("decimalkommun", "$filter=belopp mod 1M eq 0.67M")));
        Assert.Equal(11, (await RowsAsync("decimalkommun", "$filter=belopp in (0.1, 500)")).Length);

        // Sums do not drift: ten times 0.1 is exactly 1, and the total keeps all twenty digits.
        var tenths = await client.GetFromJsonAsync<JsonElement>("/odata/decimalkommun/fakturor?$apply=filter(belopp lt 1M and belopp gt 0M)/aggregate(belopp with sum as total)");
        Assert.Equal("1", tenths.GetProperty("value")[0].GetProperty("total").GetRawText());
        var total = await client.GetFromJsonAsync<JsonElement>("/odata/decimalkommun/fakturor?$apply=aggregate(belopp with sum as total,belopp with max as storst)");
        Assert.Equal(ExpectedSum, total.GetProperty("value")[0].GetProperty("total").GetRawText());
        Assert.Equal("98765432109876543.21", total.GetProperty("value")[0].GetProperty("storst").GetRawText());
        var byAmount = await client.GetFromJsonAsync<JsonElement>("/odata/decimalkommun/fakturor?$apply=groupby((belopp),aggregate($count as antal))&$orderby=belopp");
        Assert.Equal("0.1", byAmount.GetProperty("value")[1].GetProperty("belopp").GetRawText());
        Assert.Equal(10, byAmount.GetProperty("value")[1].GetProperty("antal").GetInt32());

        // JavaScript clients asking for IEEE754Compatible get the decimals as strings, unrounded.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/odata/decimalkommun/fakturor?$filter=faktura_nr eq 'F12'");
        request.Headers.Accept.ParseAdd("application/json;IEEE754Compatible=true");
        var compatible = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("98765432109876543.21", compatible.GetProperty("value")[0].GetProperty("belopp").GetString());
    }

    [Fact]
    public async Task Every_download_keeps_every_digit_of_the_amounts()
    {
        await HarvestAsync("decimalfil");
        var client = _platform.CreateClient();

        var csv = await client.GetStringAsync("/download/decimalfil/fakturor.csv");
        Assert.Contains(",98765432109876543.21,", csv);
        Assert.Contains(",1234.5,", csv);
        Assert.Contains(",0.1,", csv);
        Assert.Contains(",-500.25,", csv);

        var swedish = await client.GetStringAsync("/download/decimalfil/fakturor.excel-sv.csv");
        Assert.Contains(";98765432109876543,21;", swedish);
        Assert.Contains(";12345,67;", swedish);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/download/decimalfil/fakturor.json"));
        var amounts = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("faktura_nr").GetString()!, r => r.GetProperty("belopp").GetRawText());
        Assert.Equal("98765432109876543.21", amounts["F12"]);
        Assert.Equal("1234.5", amounts["F13"]);

        // Parquet: a DECIMAL column, read back as decimals.
        await using (var parquet = await ParquetReader.CreateAsync(new MemoryStream(await client.GetByteArrayAsync("/download/decimalfil/fakturor.parquet"))))
        {
            var field = parquet.Schema.GetDataFields().Single(f => f.Name == "belopp");
            Assert.IsType<Parquet.Schema.DecimalDataField>(field);
            var numbers = parquet.Schema.GetDataFields().Single(f => f.Name == "faktura_nr");
            using var group = parquet.OpenRowGroupReader(0);
            var values = new decimal?[group.RowCount];
            await group.ReadAsync(field, values.AsMemory());
            var ids = new string?[group.RowCount];
            await group.ReadAsync(numbers, ids.AsMemory());
            var byId = ids.Zip(values).ToDictionary(p => p.First!, p => p.Second);
            Assert.Equal(98765432109876543.21m, byId["F12"]);
            Assert.Equal(0.1m, byId["F2"]);
            Assert.Equal(-500.25m, byId["F14"]);
        }

        // XLSX: amounts Excel holds exactly are numbers; one with more digits than Excel's doubles stays text, unrounded.
        using var workbook = new XLWorkbook(new MemoryStream(await client.GetByteArrayAsync("/download/decimalfil/fakturor.xlsx")));
        var sheet = workbook.Worksheets.First();
        var header = sheet.Row(1).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        var cells = sheet.RowsUsed().Skip(1).ToDictionary(r => r.Cell(header["faktura_nr"]).GetString(), r => r.Cell(header["belopp"]));
        Assert.Equal(XLDataType.Number, cells["F1"].DataType);
        Assert.Equal(12345.67, cells["F1"].GetDouble());
        Assert.Equal("98765432109876543.21", cells["F12"].GetString());
    }
}

public sealed class PostgresDecimalHarvestTests() : DecimalHarvestTests(StoreProvider.Postgres);
