using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Issue 17: people get error pages in their language, programs keep problem details; the privacy
/// notice and the accessibility statement are linked from every page's footer, in both languages.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class ErrorAndLegalPagesTests(WebPlatform platform)
{
    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await platform.Http.SendAsync(request);
    }

    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task A_missing_dataset_page_is_a_page_for_a_browser_and_problem_details_for_a_program()
    {
        var page = await GetAsync("/datasets/exempelkommun/finns-inte", BrowserAccept);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Sidan finns inte", html);
        Assert.DoesNotContain("\"status\":404", html);
        Assert.Contains("href=\"/tillganglighet\"", html);

        var json = await GetAsync("/datasets/exempelkommun/finns-inte", "application/json");
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);

        var english = await GetAsync("/organisationer/finns-inte?lang=en-GB", BrowserAccept);
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.Contains("Page not found", await english.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/specifications/finns-inte")]
    [InlineData("/ogc/collections/finns-inte")]
    [InlineData("/odata/finns-inte/finns-inte")]
    public async Task Machine_interfaces_answer_problem_details_even_to_a_browser(string path)
    {
        var response = await GetAsync(path, BrowserAccept);
        Assert.True((int)response.StatusCode >= 400, path);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Sidan finns inte", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(410, "Sidan har tagits bort")]
    [InlineData(500, "Något gick fel hos oss")]
    [InlineData(403, "Åtkomst nekad")]
    public async Task Each_error_page_answers_with_its_status_and_plain_words(int status, string title)
    {
        var response = await GetAsync($"/fel/{status}", BrowserAccept);
        Assert.Equal(status, (int)response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(title, html);
        if (status == 500) Assert.Contains("id=\"trace-id\"", html);
    }

    [Theory]
    [InlineData("sv-SE", "Personuppgifter och kakor", "Tillgänglighetsredogörelse", "personuppgiftsansvarig", "DIGG")]
    [InlineData("en-GB", "Personal data and cookies", "Accessibility statement", "controller", "DIGG")]
    public async Task The_privacy_notice_and_accessibility_statement_are_in_every_footer_in_both_languages(
        string culture, string privacy, string accessibility, string controllerWord, string supervisor)
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/sprak/{culture[..2]}?returnUrl=/sok");
        await page.GetByRole(AriaRole.Link, new() { Name = privacy }).ClickAsync();
        await page.WaitForURLAsync("**/integritet");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains(controllerWord, text);
        Assert.Contains("Exempelkommun", text);
        Assert.Contains("dataskydd@exempelkommun.se", text);
        Assert.Contains(culture == "sv-SE" ? "e-postadress" : "e-mail address", text);
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = accessibility }).ClickAsync();
        await page.WaitForURLAsync("**/tillganglighet");
        text = await page.Locator("main").InnerTextAsync();
        Assert.Contains(supervisor, text);
        Assert.Contains("2026-12-01", await page.Locator("#reviewed").InnerTextAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // The error page has the footer too, and passes axe.
        await page.GotoAsync("/finns-inte-alls");
        Assert.Equal(1, await page.Locator("footer a#privacy-link").CountAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
    }
}
