using System.Text;
using Microsoft.Playwright;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Issue 17 in the browser: the pages speak the page's language (no enum names, reasons or cron
/// strings), reports are grouped by problem with severity badges and notes collapsed, and rows are
/// numbered as Excel numbers them.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class PlainLanguagePageTests(WebPlatform platform)
{
    private static string SampleCsv => File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));

    private static readonly string[] RawStatuses = ["Running", "Succeeded", "SucceededWithWarnings", "Unchanged", "Failed", "HeldForReview"];
    private static readonly string[] RawTriggers = ["web", "manual", "upload", "registration", "source-changed", "startup", "schedule", "approval"];

    [Fact]
    public async Task The_wizard_report_groups_problems_by_kind_errors_first_notes_collapsed_with_excel_row_numbers()
    {
        // One wrong value on the first data row (Excel row 2) among notes: yes/no written "ja"/"nej".
        var lines = SampleCsv.Replace(",true,", ",ja,").Replace(",false,", ",nej,").Split('\n');
        lines[1] = lines[1].Replace("58.7061", "femtioåtta");
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GotoAsync("/publicera/ny");
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "grupper.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join('\n', lines)) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");

        // Counts first, then the error group (badge "Fel") before the notes, which are collapsed.
        Assert.Contains("Rader lästa: 12", await page.Locator("#report-counts").InnerTextAsync());
        var groups = page.Locator("section.issue-group");
        Assert.Equal("error", await groups.First.GetAttributeAsync("data-severity"));
        Assert.Equal("type-error", await groups.First.GetAttributeAsync("data-code"));
        Assert.Contains("Värden av fel slag", await groups.First.Locator("[role=heading]").InnerTextAsync());
        Assert.Equal("Fel", await groups.First.Locator(".severity").InnerTextAsync());
        var notes = page.Locator("#report-notes");
        Assert.Null(await notes.GetAttributeAsync("open"));
        Assert.False(await notes.Locator("table.issues").First.IsVisibleAsync());
        Assert.Contains("Anmärkning", await notes.Locator("section.issue-group[data-severity=note] th").AllTextContentsAsync());
        Assert.DoesNotContain("Fel", await notes.Locator("th").AllTextContentsAsync());

        // The wrong latitude is on data row 1, which Excel shows as row 2; the message and the page say so.
        var row = groups.First.Locator("tbody tr").First;
        Assert.Equal("2", await row.Locator("td").First.InnerTextAsync());
        Assert.StartsWith("Rad 2:", await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.Contains("rubrikraden är rad 1", await page.Locator("#row-numbers").InnerTextAsync());
        await notes.Locator("summary").ClickAsync();
        await WebPlatform.ScreenshotAsync(page, "30-report-grouped");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // Fixed: no row has an error, so no badge says rows with errors are left out.
        await page.GetByLabel("Ladda upp en rättad fil").SetInputFilesAsync(new FilePayload
        {
            Name = "grupper.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(SampleCsv.Replace(",true,", ",ja,").Replace(",false,", ",nej,")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ladda upp och granska" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-counts")).ToContainTextAsync("Med fel (publiceras inte): 0");
        Assert.DoesNotContain("utelämnas", await page.Locator("#verdict").InnerTextAsync());
        Assert.Equal(0, await page.Locator("section.issue-group[data-severity=error]").CountAsync());
    }

    [Theory]
    [InlineData("sv-SE", "Hämtningar", "varje natt kl. 03")]
    [InlineData("en-GB", "Harvests", "every night at 03:00")]
    public async Task The_source_page_says_statuses_reasons_and_the_schedule_in_the_page_language(string lang, string heading, string schedule)
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        var sourceId = await platform.FirstSourceIdAsync("exempelkommun");
        await page.GotoAsync($"/publicera/kallor/{sourceId}?lang={lang}");
        Assert.Equal(heading, await page.Locator("#runs").InnerTextAsync());
        Assert.Equal(schedule, await page.Locator("#schedule").InnerTextAsync());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} 03:00$", await page.Locator("#next-run").InnerTextAsync());
        // The demo source is a file: harvesting it again could only find it unchanged, so it is not offered.
        Assert.Equal(0, await page.Locator("#harvest-now").CountAsync());
        var runs = await page.Locator("tr[data-status]").AllInnerTextsAsync();
        Assert.NotEmpty(runs);
        foreach (var cells in runs.Select(r => r.Split('\t')))
        {
            Assert.DoesNotContain(cells[^1].Trim(), RawTriggers);
            if (lang == "sv-SE") Assert.DoesNotContain(cells[1].Trim(), RawStatuses);
        }
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // The publisher's list says the same words.
        await page.GotoAsync($"/publicera?lang={lang}");
        var table = await page.Locator("main table").First.InnerTextAsync();
        Assert.Contains(schedule, table);
        Assert.DoesNotContain("0 3 * * *", table);
    }
}

/// <summary>Issue 17: "CSV för Excel" on the dataset page is the file Swedish Excel opens as columns.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class SwedishExcelDownloadTests(WebPlatform platform)
{
    [Fact]
    public async Task The_dataset_page_offers_csv_for_swedish_excel_separated_by_semicolons_with_decimal_commas()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/datasets/exempelkommun/badplatser");
        var excel = page.Locator("a[data-format='excel-sv.csv']");
        Assert.StartsWith("CSV för Excel", await excel.InnerTextAsync());
        Assert.Equal(1, await page.Locator("a[data-format='csv']").CountAsync());
        var bytes = await platform.Http.GetByteArrayAsync(await excel.GetAttributeAsync("href"));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Contains(';', lines[0]);
        Assert.DoesNotContain(',', lines[0]);
        Assert.Matches(@";\d+,\d+;", lines[1]); // a coordinate with a decimal comma between two cells
    }
}
