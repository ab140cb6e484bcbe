using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Issue 14: a catalogue source (DCAT, CKAN) has no dataset of its own; its page shows its records instead,
/// offers no description to edit, and deleting it works without one.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class CatalogueSourcePageTests(WebPlatform platform)
{
    [Fact]
    public async Task A_catalogue_source_without_a_dataset_of_its_own_has_a_working_page_and_can_be_deleted()
    {
        var organisationId = await platform.OrganisationIdAsync("exempelkommun");
        var source = new HarvestSource
        {
            OrganisationId = organisationId, DatasetId = null, Name = "Zeta-katalogen", Kind = SourceKind.Dcat,
            Location = "https://granne.example/dcat.ttl", Enabled = false, CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            db.HarvestSources.Add(source);
            await db.SaveChangesAsync();
        }

        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        Assert.Contains("Zeta-katalogen", await page.ContentAsync()); // listed among the organisation's sources
        var response = await page.GotoAsync($"/publicera/kallor/{source.Id}");
        Assert.Equal(200, response!.Status);
        Assert.Contains("Inga ännu", await page.Locator("#catalogue-records").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#edit-description").CountAsync());
        Assert.Equal(0, await page.Locator("#dataset-link").CountAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        await page.GetByText("Ta bort källan").First.ClickAsync();
        await page.Locator("#withdraw").ClickAsync();
        await page.WaitForPageAsync("**/publicera");
        Assert.Contains("Zeta-katalogen är borttagen", await page.ContentAsync());
        await using (var scope = platform.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().HarvestSources.AnyAsync(s => s.Id == source.Id));
    }
}
