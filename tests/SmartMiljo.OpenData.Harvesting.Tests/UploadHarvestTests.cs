using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>Files uploaded to a file-drop source through the admin API are harvested; each upload is a new version.</summary>
public class UploadHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;

    public UploadHarvestTests() : this(StoreProvider.Sqlite) { }

    /// <summary>For the same tests on PostgreSQL (see <c>PostgresHarvestTests.cs</c>).</summary>
    protected UploadHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static byte[] Workbook(params (string Name, double Depth)[] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Badplatser");
        sheet.Cell(1, 1).Value = "namn";
        sheet.Cell(1, 2).Value = "djup";
        for (var i = 0; i < rows.Length; i++)
        {
            sheet.Cell(i + 2, 1).Value = rows[i].Name;
            sheet.Cell(i + 2, 2).Value = rows[i].Depth;
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private async Task<JsonElement> UploadAsync(HttpClient admin, Guid sourceId, string fileName, byte[] content)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var response = await admin.PostAsync($"/api/admin/sources/{sourceId}/upload?fileName={fileName}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await HarvestPlatform.WaitForRunAsync(admin, sourceId, known);
    }

    [Fact]
    public async Task An_uploaded_workbook_is_published_and_a_later_upload_replaces_it()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "uppladdning", "2120001637");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "uppladdning", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "FileDrop", location = Path.Combine(_platform.Data.Path, "drop", "badplatser"),
        });

        var first = await UploadAsync(admin, sourceId, "badplatser.xlsx", Workbook(("Ängsbadet", 2.5), ("Sjövik", 12)));
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        var client = _platform.CreateClient();
        var csv = await client.GetStringAsync("/download/uppladdning/badplatser.csv");
        Assert.Contains("Ängsbadet", csv);

        var second = await UploadAsync(admin, sourceId, "badplatser-v2.xlsx", Workbook(("Ängsbadet", 2.5), ("Sjövik", 12), ("Norrudden", 4)));
        Assert.Equal("Succeeded", second.GetProperty("status").GetString());
        Assert.Contains("Norrudden", await client.GetStringAsync("/download/uppladdning/badplatser.csv"));
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/items")).EnumerateArray());

        var refused = await admin.PostAsync($"/api/admin/sources/{sourceId}/upload?fileName=virus.exe", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(".xlsx", await refused.Content.ReadAsStringAsync());
    }
}
