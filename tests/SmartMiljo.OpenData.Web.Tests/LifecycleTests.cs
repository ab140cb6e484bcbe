using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>A published dataset's later life in the browser: a corrected file becomes its next version
/// (never a second dataset), then the publisher withdraws it.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class LifecycleTests(WebPlatform platform)
{
    private static string SampleCsv => File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));

    [Fact]
    public async Task A_corrected_xlsx_becomes_version_2_of_the_same_dataset_and_the_withdrawn_dataset_answers_410()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);

        // Version 1: a CSV through the wizard.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).ClickAsync();
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "livscykel.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleCsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");
        await page.Locator("#title").FillAsync("Livscykelbad");
        await page.Locator("#description").FillAsync("Badplatser som får en rättad fil och sedan avpubliceras.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera", Exact = true }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        var sourceUrl = page.Url;
        await WaitForRunsAsync(page, 1);
        var datasetId = await DatasetIdAsync("livscykelbad");

        // Version 2: a corrected Excel file through the same wizard, started from the source.
        await page.Locator("#new-version").ClickAsync();
        await page.WaitForPageAsync("**/publicera/ny?kalla=**");
        Assert.Contains("Ny version av Livscykelbad", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#organisation").CountAsync());
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "livscykel-rattad.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = Workbook(SampleCsv.Replace("Norrvikens badplats", "Norrvikens strandbad")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        Assert.Contains("Excel (XLSX)", await page.Locator("section.panel dl").InnerTextAsync());
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "Publishable");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await page.Locator("#publish-version").ClickAsync();
        await page.WaitForPageAsync(sourceUrl);
        Assert.Contains("nya versionen", await page.Locator("p.notice").InnerTextAsync());
        await WaitForRunsAsync(page, 2);

        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            Assert.Equal(1, await db.Datasets.CountAsync(d => d.Slug == "livscykelbad"));
            Assert.Equal(new[] { 1, 2 }, await db.DatasetVersions.Where(v => v.DatasetId == datasetId).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync());
        }
        Assert.Contains("Norrvikens strandbad", await platform.Http.GetStringAsync("/download/exempelkommun/livscykelbad.csv"));
        var dcat = await platform.Http.GetStringAsync("/datasets/dcat/exempelkommun");
        Assert.Contains("/datasets/exempelkommun/livscykelbad", dcat);

        // Withdrawn: gone from DCAT; its page tells people so (410) and points to the organisation.
        await page.GetByText("Avpublicera datamängden").ClickAsync();
        await page.Locator("#withdraw").ClickAsync();
        await page.WaitForPageAsync("**/publicera");
        Assert.Contains("avpublicerad", await page.Locator("#publish-message").InnerTextAsync());
        Assert.DoesNotContain("/datasets/exempelkommun/livscykelbad", await platform.Http.GetStringAsync("/datasets/dcat/exempelkommun"));
        var gone = await page.GotoAsync("/datasets/exempelkommun/livscykelbad");
        Assert.Equal(410, gone!.Status);
        Assert.Contains("avpublicerades", await page.Locator("main").InnerTextAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            Assert.Equal(DatasetStatus.Withdrawn, (await db.Datasets.SingleAsync(d => d.Id == datasetId)).Status);
        }
    }

    [Fact]
    public async Task An_unfinished_draft_is_deleted_with_its_file()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GotoAsync("/publicera/ny");
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "overgivet.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleCsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        var draftUrl = page.Url;
        await page.GotoAsync("/publicera");
        var before = await platform.DraftCountAsync(WebPlatform.PublisherEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort utkastet overgivet.csv" }).ClickAsync();
        await Assertions.Expect(page.Locator("#publish-message")).ToContainTextAsync("Utkastet är borttaget");
        Assert.Equal(before - 1, await platform.DraftCountAsync(WebPlatform.PublisherEmail));
        Assert.Equal(404, (await page.GotoAsync(draftUrl))!.Status);
    }

    private static async Task WaitForRunsAsync(IPage page, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var runs = page.Locator("tr[data-status]");
        while (await runs.CountAsync() < count || await runs.First.GetAttributeAsync("data-status") == "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Run {count} did not finish within 120 seconds.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        Assert.Equal("Succeeded", await runs.First.GetAttributeAsync("data-status"));
    }

    private async Task<Guid> DatasetIdAsync(string slug)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().Datasets.Where(d => d.Slug == slug).Select(d => d.Id).SingleAsync();
    }

    /// <summary>The CSV as an Excel workbook, every cell as text (as a publisher's exported sheet often is).</summary>
    internal static byte[] Workbook(string csv)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Badplatser");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var r = 0; r < lines.Length; r++)
        {
            var cells = Fields(lines[r].TrimEnd('\r'));
            for (var c = 0; c < cells.Count; c++)
                if (cells[c].Length > 0) sheet.Cell(r + 1, c + 1).Value = cells[c];
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
