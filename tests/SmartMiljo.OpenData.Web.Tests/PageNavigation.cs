using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>
/// Waits for the browser to arrive at a page and for its document to be parsed. Playwright's own
/// WaitForURL also waits for the window's load event; on a loaded CI machine that wait sometimes ran
/// out although the page had arrived and rendered (seen after redirect chains), so the tests wait for
/// what they use: the address, then the parsed document. Locators wait for elements themselves.
/// </summary>
internal static class PageNavigation
{
    public static async Task WaitForPageAsync(this IPage page, string urlGlob)
    {
        await page.WaitForURLAsync(urlGlob, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    public static async Task WaitForPageAsync(this IPage page, Func<string, bool> url)
    {
        await page.WaitForURLAsync(url, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
