using System.Globalization;
using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>
/// The metadata page: a publisher edits a published dataset's description through the same use case as the
/// admin API, sees a value rejected at its field, and sees the dataset's MQA score (computed on the DCAT we
/// publish) move with the temporal coverage.
/// </summary>
[Collection(WebPlatformCollection.Name)]
public sealed class DatasetMetadataPageTests(WebPlatform platform)
{
    private static async Task<double> PointsAsync(IPage page) =>
        double.Parse(await page.Locator("#mqa-points").InnerTextAsync(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_publisher_edits_the_temporal_coverage_and_sees_the_MQA_score_follow()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Utegym i Exempelkommun" }).ClickAsync();
        var address = await page.Locator("#edit-description").GetAttributeAsync("href");
        var opened = await page.GotoAsync(address!);
        Assert.True(opened!.Status == 200, await opened.TextAsync());
        Assert.Equal("2020-01-01", await page.Locator("#temporalStart").InputValueAsync());
        var full = await PointsAsync(page);
        Assert.Equal(375, full); // the demo fills every field: Sweden's maximum

        // Without a period the dataset loses the method's 20 temporal points.
        await page.Locator("#temporalStart").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara beskrivningen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved-message")).ToBeVisibleAsync();
        Assert.Equal(full - 20, await PointsAsync(page));
        await Assertions.Expect(page.Locator("#mqa-missing")).ToContainTextAsync("dct:temporal");

        // A period that ends before it starts is named at its field and nothing is stored.
        await page.Locator("#temporalStart").FillAsync("2024-01-01");
        await page.Locator("#temporalEnd").FillAsync("2020-12-31");
        await page.Locator("#temporalEnd").PressAsync("Enter"); // the keyboard submits the form
        await Assertions.Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#temporal-error")).ToBeVisibleAsync();
        Assert.Equal("true", await page.Locator("#temporalStart").GetAttributeAsync("aria-invalid"));
        Assert.Equal(full - 20, await PointsAsync(page));
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // A valid period: the score rises by the 20 points again.
        await page.Locator("#temporalStart").FillAsync("2019-05-01");
        await page.Locator("#temporalEnd").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara beskrivningen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved-message")).ToBeVisibleAsync();
        Assert.Equal(full, await PointsAsync(page));
        Assert.Equal("2019-05-01", await page.Locator("#temporalStart").InputValueAsync());

        // The published DCAT carries the period the page stored.
        var turtle = await platform.Http.GetStringAsync("/datasets/dcat/exempelkommun.ttl");
        Assert.Contains("2019-05-01", turtle);

        // In English, axe-clean; another organisation's publisher may not open it.
        await page.GotoAsync("/sprak/en?returnUrl=" + Uri.EscapeDataString(address));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Describe the dataset");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        var other = await platform.NewPageAsync();
        await platform.SignInAsync(other, WebPlatform.OtherPublisherEmail);
        Assert.Equal(403, (await other.GotoAsync(address))!.Status);
    }
}
