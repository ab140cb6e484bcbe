using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Admin-API keys per organisation, issued by a publisher in the browser.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class ApiKeyTests(WebPlatform platform)
{
    [Fact]
    public async Task A_publishers_key_works_for_the_own_organisation_only_and_stops_when_revoked()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GetByText("API-nycklar för Exempelkommun").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa API-nyckel" }).ClickAsync();
        var key = await page.Locator("#new-key").InputValueAsync();
        Assert.StartsWith("smk_", key);

        var ownSource = await platform.FirstSourceIdAsync("exempelkommun");
        using var client = new HttpClient { BaseAddress = platform.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var own = await client.PostAsync($"/api/admin/sources/{ownSource}/harvest", null);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);

        var otherOrganisation = await client.PostAsJsonAsync($"/api/admin/organisations/{WebPlatform.OtherOrganisationSlug}/sources",
            new { name = "Intrång", location = "https://example.org/x.csv" });
        Assert.Equal(HttpStatusCode.Forbidden, otherOrganisation.StatusCode);

        var newOrganisation = await client.PostAsJsonAsync("/api/admin/organisations",
            new { slug = "ny", name = "Ny", organisationNumber = "2120000142" });
        Assert.Equal(HttpStatusCode.Forbidden, newOrganisation.StatusCode);

        await page.GotoAsync("/publicera");
        await page.GetByText("API-nycklar för Exempelkommun").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Återkalla" }).First.ClickAsync();
        await page.WaitForPageAsync("**/publicera");
        var revoked = await client.PostAsync($"/api/admin/sources/{ownSource}/harvest", null);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }
}
