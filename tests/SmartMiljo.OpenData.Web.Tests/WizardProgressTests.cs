using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Issue 17: the wizard keeps what was typed across a switch of language, says so when it has
/// published, the source page follows a running harvest by itself, and after a failed harvest it says what
/// visitors see now.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class WizardProgressTests(WebPlatform platform)
{
    private static string SampleCsv => File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));

    [Fact]
    public async Task Typed_metadata_survives_a_language_switch_publishing_says_so_progress_follows_and_a_failure_names_what_visitors_see()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GotoAsync("/publicera/ny");
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "sprakbyte.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleCsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");

        // She types, then switches to English: what she typed is still there.
        await page.Locator("#title").FillAsync("Språkbytesbad");
        await page.Locator("#description").FillAsync("Badplatser som överlever ett byte av språk.");
        await page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("#title")).ToHaveValueAsync("Språkbytesbad");
        await Assertions.Expect(page.Locator("#description")).ToHaveValueAsync("Badplatser som överlever ett byte av språk.");

        // Published: a message says so, and the page follows the first harvest without a manual reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        Assert.StartsWith("Done! Språkbytesbad is saved", await page.Locator("p.notice").First.InnerTextAsync());
        var sourceId = Guid.Parse(page.Url.Split('/').Last());
        try
        {
            await Assertions.Expect(page.Locator("tr[data-status]").First).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 120_000 });
            Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

            // A new address that does not answer: the harvest fails and the page says visitors still see version 1.
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/sources/{sourceId}")
            {
                Content = JsonContent.Create(new { location = "http://127.0.0.1:9/saknas.csv", kind = "Csv" }),
            };
            patch.Headers.Add("X-Api-Key", "web-tests-key");
            var patched = await platform.Http.SendAsync(patch);
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await page.Locator("#visitors-see").CountAsync() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The failed harvest did not show within 120 seconds.");
                await Task.Delay(1000);
                await page.ReloadAsync();
            }
            Assert.Contains("Visitors still see the last published version: version 1", await page.Locator("#visitors-see").InnerTextAsync());
            Assert.Equal("Failed", await page.Locator("tr[data-status]").First.GetAttributeAsync("data-status"));
            Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

            // Withdrawn again, so the visitors' pages of the other tests list only the demo's datasets.
            await page.Locator("details:has(#withdraw) summary").ClickAsync();
            await page.Locator("#withdraw").ClickAsync();
            await page.WaitForPageAsync("**/publicera");
        }
        finally
        {
            // Whatever failed above, the visitors' pages of the other tests must list only the demo's datasets.
            await WithdrawIfStillPublishedAsync(sourceId);
        }
    }

    private async Task WithdrawIfStillPublishedAsync(Guid sourceId)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var datasetId = await db.HarvestSources.Where(s => s.Id == sourceId).Select(s => s.DatasetId).SingleAsync();
        if (await db.Datasets.AnyAsync(d => d.Id == datasetId && d.Status == DatasetStatus.Withdrawn)) return;
        using var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/datasets/{datasetId}");
        withdraw.Headers.Add("X-Api-Key", "web-tests-key");
        var answer = await platform.Http.SendAsync(withdraw);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }
}
