using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>A visitor finds a dataset, looks at it and downloads it, in a real browser.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class VisitorTests(WebPlatform platform)
{
    [Fact]
    public async Task Visitor_searches_filters_opens_a_dataset_sees_map_and_preview_and_downloads_csv()
    {
        var page = await platform.NewPageAsync();
        // The pages run under their Content-Security-Policy: anything it blocks is reported on the console.
        var blocked = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) blocked.Add(message.Text); };
        var start = await page.GotoAsync("/");
        Assert.Contains("frame-ancestors 'none'", await start!.HeaderValueAsync("content-security-policy"));
        await WebPlatform.ScreenshotAsync(page, "01-start");
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));

        await page.GetByLabel("Sök bland datamängder").FillAsync("strandbad");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
        await page.WaitForPageAsync("**/sok?q=strandbad*");
        var results = page.Locator("ol.results > li");
        Assert.Equal(1, await results.CountAsync());
        Assert.Contains("Badplatser i Exempelkommun", await results.First.InnerTextAsync());

        // A facet narrows the results, and its link says how many remain.
        await page.GotoAsync("/sok");
        Assert.Equal(2, await page.Locator("ol.results > li").CountAsync());
        await page.Locator("nav.facets").GetByRole(AriaRole.Link, new() { Name = "Miljö" }).ClickAsync();
        await page.WaitForPageAsync("**tema=ENVI*");
        Assert.Equal(1, await page.Locator("ol.results > li").CountAsync());
        await WebPlatform.ScreenshotAsync(page, "02-search-filtered");

        await page.Locator("ol.results").GetByRole(AriaRole.Link, new() { Name = "Badplatser i Exempelkommun" }).ClickAsync();
        await page.WaitForPageAsync("**/datasets/exempelkommun/badplatser");
        Assert.Equal("Badplatser i Exempelkommun", await page.Locator("h1").InnerTextAsync());

        // The preview is read from OData: ten rows, then the last two on the next page; sorting works.
        var previewRows = page.Locator("#preview tbody tr");
        await Assertions.Expect(page.Locator("#preview [data-role=status]")).ToContainTextAsync("av 12");
        Assert.Equal(10, await previewRows.CountAsync());
        await page.Locator("#preview").GetByRole(AriaRole.Button, new() { Name = "Nästa" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview [data-role=status]")).ToContainTextAsync("11–12");
        Assert.Equal(2, await previewRows.CountAsync());
        await page.Locator("#preview th[data-column=name] button").ClickAsync();
        await Assertions.Expect(page.Locator("#preview th[data-column=name]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Assertions.Expect(page.Locator("#preview [data-role=status]")).ToContainTextAsync("1–10");
        var names = await page.Locator("#preview tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names.ToList());

        // The map draws every point of the GeoJSON download, clustered.
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-points", "12");
        Assert.True(await page.Locator("#map .leaflet-marker-icon").CountAsync() > 0);
        await WebPlatform.ScreenshotAsync(page, "03-dataset");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("#ladda-ner ~ ul a[data-format=csv]").ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path);
        Assert.StartsWith("place_id", csv.TrimStart('\uFEFF'));
        Assert.Contains("Norrvikens badplats", csv);
        Assert.Empty(blocked);
    }

    [Fact]
    public async Task Dataset_page_explains_odata_links_dcat_and_lists_versions()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/datasets/exempelkommun/badplatser");
        var odataUrl = await page.Locator("#odata-url").InputValueAsync();
        Assert.EndsWith("/odata/exempelkommun/badplatser", odataUrl);
        Assert.Contains("Från OData-flöde", await page.Locator("#api ~ ol").First.InnerTextAsync());
        Assert.Equal("/datasets/dcat/exempelkommun", await page.GetByRole(AriaRole.Link, new() { Name = "DCAT-AP-SE (RDF/XML)" }).GetAttributeAsync("href"));
        var versionRow = page.Locator("#versioner ~ div table tbody tr").First;
        Assert.Contains("12", await versionRow.InnerTextAsync());
        Assert.Contains("Godkänd", await page.Locator(".verdict").InnerTextAsync());
    }

    [Fact]
    public async Task Organisation_and_specification_pages_list_the_datasets()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/organisationer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Exempelkommun" }).ClickAsync();
        Assert.Equal(2, await page.Locator("ul.cards > li").CountAsync());
        await WebPlatform.ScreenshotAsync(page, "04-organisation");

        await page.GotoAsync("/specifikationer/badplatser");
        var cards = page.Locator("ul.cards > li");
        Assert.Equal(1, await cards.CountAsync());
        Assert.Contains("Exempelkommun", await cards.First.InnerTextAsync());
        await WebPlatform.ScreenshotAsync(page, "05-specification");
    }

    [Fact]
    public async Task English_is_one_click_away()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/sok");
        await page.GetByRole(AriaRole.Link, new() { Name = "In English" }).ClickAsync();
        await page.WaitForPageAsync("**/sok");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Find data", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Main_pages_have_no_serious_accessibility_violations_on_desktop_and_phone()
    {
        foreach (var (width, height, suffix) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            var page = await platform.NewPageAsync(width, height);
            foreach (var (path, name) in new[]
                     {
                         ("/", "start"), ("/sok?q=bad", "search"), ("/datasets/exempelkommun/badplatser", "dataset"),
                         ("/organisationer/exempelkommun", "organisation"), ("/specifikationer", "specifications"),
                         ("/konto/logga-in", "login"),
                     })
            {
                await page.GotoAsync(path);
                if (name == "dataset") await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-points", "12");
                if (suffix == "phone") await WebPlatform.ScreenshotAsync(page, $"phone-{name}");
                var violations = await WebPlatform.SeriousAccessibilityViolationsAsync(page);
                Assert.True(violations.Count == 0, $"{path} ({suffix}): " + string.Join("\n", violations));
            }
        }
    }

    [Fact]
    public async Task Keyboard_users_can_skip_to_the_content_and_see_focus()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(":focus");
        Assert.Equal("Hoppa till innehållet", await focused.InnerTextAsync());
        var outline = await focused.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#content")).ToBeFocusedAsync();
    }
}
