using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>The source page's "Each harvest" choice: a publisher turns append mode on (and off again) in plain
/// words, and the source's settings say so, the other settings untouched.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class AppendModeFormTests(WebPlatform platform)
{
    [Fact]
    public async Task A_publisher_switches_a_source_to_append_and_back_on_its_page()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        var csv = File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).ClickAsync();
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "tillagg.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");
        await page.Locator("#title").FillAsync("Tilläggsbad");
        await page.Locator("#description").FillAsync("Badplatser vars källa lägger till rader i stället för att ersätta dem.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera", Exact = true }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        var sourceId = Guid.Parse(page.Url.Split('/').Last());
        Assert.Contains("ersätter hela datamängden", await page.Locator("#harvest-mode").InnerTextAsync());

        await page.GetByText("Ändra källan").ClickAsync();
        await page.GetByLabel("lägger till nya rader och uppdaterar rader med samma nyckel").CheckAsync();
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await page.WaitForPageAsync($"**/publicera/kallor/{sourceId}");
        Assert.Contains("lägger till nya rader och uppdaterar", await page.Locator("#harvest-mode").InnerTextAsync());
        var settings = SourceSettings.Parse(await SettingsAsync(sourceId));
        Assert.Equal(HarvestMode.Append, settings.Mode);
        Assert.Equal(ExistingRows.Update, settings.ExistingRows);

        await page.GetByText("Ändra källan").ClickAsync();
        await page.GetByLabel("ersätter hela datamängden").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await page.WaitForPageAsync($"**/publicera/kallor/{sourceId}");
        Assert.Contains("ersätter hela datamängden", await page.Locator("#harvest-mode").InnerTextAsync());
        Assert.Equal(HarvestMode.Replace, SourceSettings.Parse(await SettingsAsync(sourceId)).Mode);
    }

    private async Task<string?> SettingsAsync(Guid sourceId)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().HarvestSources
            .Where(s => s.Id == sourceId).Select(s => s.SettingsJson).SingleAsync();
    }
}
