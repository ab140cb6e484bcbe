using System.Net;
using System.Text.RegularExpressions;
using System.Text;
using Microsoft.Playwright;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>The publishing workflow in a real browser, and the per-organisation rules enforced on the server.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class PublisherTests(WebPlatform platform)
{
    private static string SampleCsv => File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));

    /// <summary>The sample with two broken cells: a latitude that is not a number, a date that is not a date.</summary>
    private static string CsvWithErrors()
    {
        var lines = SampleCsv.Split('\n');
        lines[2] = lines[2].Replace(",58.7184,", ",femtioåtta,");
        lines[3] = lines[3].Replace(",2025-", ",igår-");
        return string.Join('\n', lines);
    }

    private static FilePayload Csv(string name, string content) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content) };

    [Fact]
    public async Task Publisher_runs_the_wizard_on_a_file_with_errors_fixes_it_publishes_and_the_dataset_is_in_dcat()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.PublisherEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).ClickAsync();
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(Csv("strandbad.csv", CsvWithErrors()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");

        // Sniffed facts and the suggested specification.
        var found = await page.Locator("section.panel dl").InnerTextAsync();
        Assert.Contains("utf-8", found, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("badplatser", found);
        Assert.Equal("badplatser", await page.Locator("#spec").InputValueAsync());

        // The report points at the row and column of each error, with a hint.
        Assert.NotEqual("Publishable", await page.Locator("#verdict").GetAttributeAsync("data-verdict"));
        var issues = page.Locator("table.issues tbody tr");
        var texts = await issues.AllInnerTextsAsync();
        Assert.Contains(texts, t => t.Contains("latitude") && t.Contains("femtioåtta"));
        Assert.Contains(texts, t => t.Contains("updated") && t.Contains("igår"));
        await WebPlatform.ScreenshotAsync(page, "10-wizard-review-errors");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // The corrected file passes.
        await page.GetByLabel("Ladda upp en rättad fil").SetInputFilesAsync(Csv("strandbad.csv", SampleCsv));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ladda upp och granska" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "Publishable");
        Assert.Equal(0, await issues.CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");

        // The metadata form: the score moves as the publisher types.
        await page.Locator("#title").FillAsync("Strandbad i Exempelkommun");
        await page.Locator("#description").FillAsync("Kommunens strandbad med brygga, toalett och tillgänglighet.");
        await page.GetByLabel("Nyckelord").FillAsync("");
        // Start from no themes (the specification suggested some).
        var checkedThemes = page.Locator(".checks input:checked");
        while (await checkedThemes.CountAsync() > 0) await checkedThemes.First.UncheckAsync();
        // The one MQA scorer on the DCAT the feed will carry, out of Sweden's 375: the downloads the platform
        // generates, spatial coverage, licence, contact and dates; no temporal coverage, keywords or themes yet.
        var points = page.Locator("#mqa-points");
        Assert.Equal("375", (await page.Locator("#mqa-score p").First.InnerTextAsync()).Split(' ')[2]);
        await Assertions.Expect(points).ToHaveTextAsync("295");
        await Assertions.Expect(page.Locator("#mqa-missing")).ToContainTextAsync("dcat:keyword");
        await page.GetByLabel("Nyckelord").FillAsync("bad, strand");
        await Assertions.Expect(points).ToHaveTextAsync("325");
        await page.GetByLabel("Miljö").CheckAsync();
        await Assertions.Expect(points).ToHaveTextAsync("355");
        await Assertions.Expect(page.Locator("#mqa-missing")).ToContainTextAsync("dct:temporal");
        await Assertions.Expect(page.Locator("#mqa-missing")).Not.ToContainTextAsync("dcat:keyword");
        await page.GetByLabel(new Regex("CC BY 4.0")).CheckAsync();
        await page.Locator("#frequency").SelectOptionAsync("weekly");
        await WebPlatform.ScreenshotAsync(page, "11-wizard-metadata");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera", Exact = true }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        var sourceUrl = page.Url;

        // The first harvest runs in the background; the source page links the dataset once it is
        // published, and the run ends after its download files (a later stage) are written.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await page.Locator("#dataset-link").CountAsync() == 0
               || await page.Locator("tr[data-status]").First.GetAttributeAsync("data-status") == "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, "The published dataset did not appear within 90 seconds.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        Assert.Contains("Succeeded", await page.Locator("tr[data-status]").First.GetAttributeAsync("data-status") ?? "");
        await WebPlatform.ScreenshotAsync(page, "12-source");

        var dcat = await platform.Http.GetStringAsync("/datasets/dcat");
        Assert.Contains("Strandbad i Exempelkommun", dcat);
        Assert.Contains("/datasets/exempelkommun/strandbad-i-exempelkommun", dcat);
        Assert.Contains("http://creativecommons.org/licenses/by/4.0/", dcat);

        await page.Locator("#dataset-link").ClickAsync();
        Assert.Equal("Strandbad i Exempelkommun", await page.Locator("h1").InnerTextAsync());
        // The public page scores the published DCAT with the same scorer: what the wizard said it would.
        Assert.Equal("355", await page.Locator("#mqa-points").InnerTextAsync());
        Assert.Contains("Varje vecka", await page.Locator("dl.facts").First.InnerTextAsync());

        // Only the own organisation: the other municipality's publisher is refused the same source page.
        var other = await platform.NewPageAsync();
        await platform.SignInAsync(other, WebPlatform.OtherPublisherEmail);
        var response = await other.GotoAsync(sourceUrl);
        Assert.Equal(403, response!.Status);
        Assert.Equal("Åtkomst nekad", await other.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_publisher_of_another_organisation_is_refused_on_the_server_even_with_a_forged_form()
    {
        var page = await platform.NewPageAsync();
        await platform.SignInAsync(page, WebPlatform.OtherPublisherEmail);
        await page.GotoAsync("/publicera/ny");
        var options = await page.Locator("#organisation option").AllInnerTextsAsync();
        Assert.Equal(["Annan kommun"], options);

        // Forge the form: point it at Exempelkommun, which this user does not publish for.
        var exempelkommunId = await platform.OrganisationIdAsync("exempelkommun");
        await page.EvalOnSelectorAsync("#organisation",
            "(select, id) => { const o = document.createElement('option'); o.value = id; o.text = 'x'; select.appendChild(o); select.value = id; }",
            exempelkommunId.ToString());
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(Csv("x.csv", SampleCsv));
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/konto/nekad**");
        Assert.Equal("Åtkomst nekad", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await platform.DraftCountAsync(WebPlatform.OtherPublisherEmail));

        // And the harvest button of a source of Exempelkommun answers 403 to a forged POST too.
        var sourceId = await platform.FirstSourceIdAsync("exempelkommun");
        var token = await page.Locator("form input[name=__RequestVerificationToken]").First.InputValueAsync();
        var post = await page.APIRequest.PostAsync($"/publicera/kallor/{sourceId}?handler=Harvest",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token), MaxRedirects = 0 });
        Assert.Equal(302, post.Status);
        Assert.Contains("/konto/nekad", post.Headers["location"]);
        Assert.Equal(0, await platform.RunCountAsync(sourceId, trigger: "web"));
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_and_the_job_dashboard_is_closed_to_them()
    {
        var publish = await platform.Http.GetAsync("/publicera");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Contains("/konto/logga-in", publish.Headers.Location!.ToString());

        var dashboard = await platform.Http.GetAsync("/hangfire");
        Assert.NotEqual(HttpStatusCode.OK, dashboard.StatusCode);

        var publisher = await platform.NewPageAsync();
        await platform.SignInAsync(publisher, WebPlatform.PublisherEmail);
        var asPublisher = await publisher.GotoAsync("/hangfire");
        Assert.Equal(403, asPublisher!.Status);
    }

    [Fact]
    public async Task Machines_asking_for_rdf_at_a_dataset_iri_get_the_dcat_document()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets/exempelkommun/badplatser");
        request.Headers.Accept.ParseAdd("text/turtle");
        var response = await platform.Http.SendAsync(request);
        // Its own description at the IRI itself (FeedAddressTests checks what it says), no longer a redirect to the catalogue.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/turtle", response.Content.Headers.ContentType!.MediaType);

        var missing = await platform.Http.GetAsync("/datasets/exempelkommun/finns-inte");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
