using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>The platform of the browser tests with a real SMTP server (aiosmtpd on 127.0.0.1) as its mail server,
/// and harvests allowed to reach the tests' own municipality server on 127.0.0.1.</summary>
public sealed class MailWebPlatform : IAsyncLifetime
{
    public LocalSmtpServer Smtp { get; private set; } = null!;
    public WebPlatform Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await LocalSmtpServer.StartAsync();
        var settings = new Dictionary<string, string>(Smtp.Settings)
        {
            ["Harvesting:AllowLoopback"] = "true",
            ["Harvesting:AllowPrivateNetworks"] = "true",
        };
        Web = new WebPlatform(settings);
        await Web.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Web.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// A municipal publisher's whole life, in a real browser: the instance's administrator creates her organisation and
/// invites her; she accepts through the e-mailed link (read from a real SMTP server) and chooses her password with
/// the keyboard; publishes a CSV; replaces it with a corrected XLSX (version 2 of the same dataset, one dataset in
/// DCAT); reads what dataportal.se sees; adds a WFS layer from the municipality's map server, switching to English
/// in the wizard; gets the e-mail about a broken harvest and sees it on her start page; withdraws the dataset (gone
/// from DCAT, 410). Every new page passes axe.
/// </summary>
public sealed class WholeLifeTests(MailWebPlatform mail) : IClassFixture<MailWebPlatform>
{
    private const string Publisher = "anna.gis@livsby.se";
    private const string HerPassword = "Livsby-Kommun-2027";
    private WebPlatform Platform => mail.Web;
    private static string SampleCsv => File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));

    [Fact]
    public async Task From_invitation_to_withdrawal()
    {
        // The instance's administrator creates Livsby kommun and invites its GIS officer.
        var admin = await Platform.NewPageAsync();
        await admin.GotoAsync("/konto/logga-in");
        await admin.GetByLabel("E-postadress").FillAsync("admin@localhost");
        await admin.GetByLabel("Lösenord").FillAsync(WebPlatform.AdministratorPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).Last.ClickAsync();
        await admin.WaitForPageAsync("**/publicera");
        await admin.GotoAsync("/admin/organisationer");
        await admin.Locator("#new-name").FillAsync("Livsby kommun");
        await admin.Locator("#new-slug").FillAsync("livsby");
        await admin.Locator("#new-organisationNumber").FillAsync("2120001637");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Skapa organisationen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#organisations-message")).ToContainTextAsync("Livsby kommun är skapad");
        await admin.GotoAsync("/publicera/organisationer/livsby");
        Assert.Equal(0, await admin.Locator("#member-password").CountAsync());
        await admin.Locator("#member-email").FillAsync(Publisher);
        await admin.Locator("#member-name").FillAsync("Anna GIS");
        await admin.Locator("#member-role").SelectOptionAsync("publisher");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lägg till eller bjud in" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#settings-message")).ToContainTextAsync("har fått en inbjudan med e-post");
        await Assertions.Expect(admin.Locator("#members")).ToContainTextAsync("inbjuden, har inte tackat ja än");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(admin));

        // She accepts through the e-mail, with the keyboard only.
        var invitation = await mail.Smtp.WaitForAsync(Publisher);
        Assert.Contains("Livsby kommun", invitation.Subject);
        var link = new Uri(Regex.Match(invitation.Body, @"http://\S+/konto/valj-losenord\?token=\S+").Value);
        var page = await Platform.NewPageAsync();
        await page.GotoAsync(link.PathAndQuery);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Välkommen! Välj ditt lösenord");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await page.Locator("body").FocusAsync();
        await TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(HerPassword);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(HerPassword);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/publicera");
        Assert.Contains("Livsby kommun", await page.Locator("main").InnerTextAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // Version 1: a CSV through the wizard.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).ClickAsync();
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(
            new FilePayload { Name = "badplatser.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SampleCsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");
        await page.Locator("#title").FillAsync("Badplatser i Livsby");
        await page.Locator("#description").FillAsync("Kommunens badplatser med läge och vattenkvalitet.");
        await page.Locator("#contactEmail").FillAsync("gis@livsby.se");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera", Exact = true }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        var sourceUrl = page.Url;
        await WaitForRunsAsync(page, 1);

        // Version 2: a corrected Excel file, the same dataset.
        await page.Locator("#new-version").ClickAsync();
        await page.WaitForPageAsync("**/publicera/ny?kalla=**");
        await page.GetByLabel("Ladda upp en fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "badplatser-rattad.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = LifecycleTests.Workbook(SampleCsv.Replace("Norrvikens badplats", "Norrvikens strandbad")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await page.Locator("#publish-version").ClickAsync();
        await page.WaitForPageAsync(sourceUrl);
        await WaitForRunsAsync(page, 2);
        await using (var scope = Platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var organisation = await db.Organisations.SingleAsync(o => o.Slug == "livsby");
            var dataset = await db.Datasets.SingleAsync(d => d.OrganisationId == organisation.Id);
            Assert.Equal("badplatser-i-livsby", dataset.Slug);
            Assert.Equal(new[] { 1, 2 }, await db.DatasetVersions.Where(v => v.DatasetId == dataset.Id).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync());
        }
        // One dataset in DCAT: the corrected file did not make a second one.
        var dcat = await Platform.Http.GetStringAsync("/datasets/dcat/livsby.rdf");
        Assert.Single(Regex.Matches(dcat, Regex.Escape(Platform.BaseAddress.ToString().TrimEnd('/') + "/datasets/livsby/") + "[a-z0-9-]+(?=[\"<>])")
            .Select(m => m.Value).Distinct());
        Assert.Contains("/datasets/livsby/badplatser-i-livsby", dcat);
        Assert.Contains("Norrvikens strandbad", await Platform.Http.GetStringAsync("/download/livsby/badplatser-i-livsby.csv"));

        // What dataportal.se sees.
        await page.GotoAsync("/publicera");
        await page.GetByRole(AriaRole.Link, new() { Name = "Så ser dataportal.se Livsby kommun" }).ClickAsync();
        await page.WaitForPageAsync("**/publicera/organisationer/livsby/dataportal");
        Assert.EndsWith("/datasets/dcat/livsby", await page.Locator("#dcat-address").InnerTextAsync());
        Assert.Contains("av 375 poäng", await page.Locator("#dataset-badplatser-i-livsby").InnerTextAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // A WFS layer from the municipality's map server, half of it in English: she switches language in the
        // wizard's first step, and what she chose and typed is kept.
        await using var municipality = await LocalHttpServer.StartAsync();
        municipality.MapWfs("/geoserver/wfs", MapLayers.Playgrounds, MapLayers.Benches);
        await page.GotoAsync("/publicera/ny");
        await page.Locator("#choice-wfs").CheckAsync();
        await page.Locator("#url").FillAsync(municipality.Url("/geoserver/wfs").ToString());
        await page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("New dataset");
        Assert.True(await page.Locator("#choice-wfs").IsCheckedAsync());
        Assert.Equal(municipality.Url("/geoserver/wfs").ToString(), await page.Locator("#url").InputValueAsync());
        Assert.False(await page.Locator("#file").IsVisibleAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the data" }).ClickAsync();
        await Assertions.Expect(page.Locator("#layer option")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#layer")).ToContainTextAsync("Lekplatser (livsby:lekplatser)");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await page.Locator("#layer").SelectOptionAsync("livsby:lekplatser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the data" }).ClickAsync();
        await page.WaitForPageAsync("**/granska");
        await Assertions.Expect(page.Locator("#source-kind")).ToHaveTextAsync("WFS service");
        await Assertions.Expect(page.Locator("#first-rows")).ToContainTextAsync("Lekplatsen vid skolan");
        Assert.Equal(10, await page.Locator("#first-rows tbody tr").CountAsync()); // the first ten of thirteen
        // Her columns look like the national playground specification, which asks for more than her layer has:
        // she describes the columns from the content instead.
        await page.Locator("#spec").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check again" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).Not.ToHaveAttributeAsync("data-verdict", "Blocked");
        await Assertions.Expect(page.Locator("#first-rows")).ToContainTextAsync("Lekplatsen vid skolan");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the description" }).ClickAsync();
        await page.WaitForPageAsync("**/metadata");
        await page.Locator("#title").FillAsync("Lekplatser i Livsby");
        await page.Locator("#description").FillAsync("Kommunens lekplatser, från kartservern.");
        await page.Locator("#contactEmail").FillAsync("gis@livsby.se");
        await page.Locator("#publish").ClickAsync();
        await page.WaitForPageAsync("**/publicera/kallor/**");
        await WaitForRunsAsync(page, 1);
        Assert.Contains("Lekplatsen vid skolan", await Platform.Http.GetStringAsync("/download/livsby/lekplatser-i-livsby.csv"));
        Assert.Contains("/datasets/livsby/lekplatser-i-livsby", await Platform.Http.GetStringAsync("/datasets/dcat/livsby.rdf"));
        await page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(page.Locator("#language-switch")).ToHaveTextAsync("In English");

        // A broken nightly harvest: she hears of it by e-mail and on her start page.
        municipality.Map("/data/badplatser.csv", c => { c.Response.StatusCode = StatusCodes.Status500InternalServerError; return Task.CompletedTask; });
        var api = new HttpClient { BaseAddress = Platform.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", "web-tests-key");
        var registered = await api.PostAsJsonAsync("/api/admin/organisations/livsby/sources", new
        {
            name = "Badplatser från kartservern", datasetSlug = "badplatser-kartservern", kind = "Csv", specificationId = "badplatser",
            location = municipality.Url("/data/badplatser.csv").ToString(), harvestNow = true,
        });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var brokenSource = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var failure = await mail.Smtp.WaitForAsync(Publisher, m => m.Subject.Contains("kartservern"), TimeSpan.FromSeconds(120));
        Assert.Equal("Hämtningen av ”Badplatser från kartservern” behöver din uppmärksamhet", failure.Subject);
        Assert.Contains("Hämtningen misslyckades.", failure.Body);
        Assert.Contains($"/publicera/kallor/{brokenSource}", failure.Body);
        await page.GotoAsync("/publicera");
        await Assertions.Expect(page.Locator("#harvest-notices")).ToContainTextAsync("Badplatser från kartservern");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // Withdrawn: gone from DCAT, its address answers 410.
        await page.GotoAsync(sourceUrl);
        await page.GetByText("Avpublicera datamängden").ClickAsync();
        await page.Locator("#withdraw").ClickAsync();
        await page.WaitForPageAsync("**/publicera");
        Assert.DoesNotContain("/datasets/livsby/badplatser-i-livsby", await Platform.Http.GetStringAsync("/datasets/dcat/livsby"));
        Assert.Equal(410, (await page.GotoAsync("/datasets/livsby/badplatser-i-livsby"))!.Status);
        await WebPlatform.ScreenshotAsync(page, "whole-life-withdrawn");
    }

    /// <summary>
    /// Every kind of source the harvester has, through the wizard as far as the preview (nothing is published): an
    /// ArcGIS layer picked from the service's own list, a JSON API with its record pointer and paging, a DCAT catalogue
    /// and a CKAN portal (the records they would import), and a map server that answers with a web page, refused in
    /// plain words.
    /// </summary>
    [Fact]
    public async Task Every_source_kind_is_previewed_before_anything_is_published()
    {
        await using var municipality = await LocalHttpServer.StartAsync();
        municipality.MapArcGis("/arcgis/rest/services/Livsby/FeatureServer", MapLayers.Playgrounds, MapLayers.Benches);
        municipality.Map("/api/parkering", async context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0");
            var items = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(2, 5 - offset))).Select(i => new { id = i, plats = $"Parkering {i}", platser = 10 * i });
            await context.Response.WriteAsJsonAsync(new { data = new { items } });
        });
        municipality.MapFile("/data/luft.csv", Encoding.UTF8.GetBytes("station,halt\nTorget,12\n"), "text/csv");
        municipality.MapFile("/katalog.ttl", Encoding.UTF8.GetBytes($$"""
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            <https://livsby.example/katalog> a dcat:Catalog ; dcat:dataset <https://livsby.example/ds/luft>, <https://livsby.example/ds/protokoll> .
            <https://livsby.example/ds/luft> a dcat:Dataset ; dct:title "Luftkvalitet vid torget"@sv ; dct:description "Mätningar."@sv ;
                dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{{municipality.Url("/data/luft.csv")}}> ;
                    dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .
            <https://livsby.example/ds/protokoll> a dcat:Dataset ; dct:title "Nämndprotokoll"@sv ; dct:description "Protokoll."@sv .
            """), "text/turtle");
        municipality.Map("/ckan/api/3/action/package_search", async context => await context.Response.WriteAsJsonAsync(new
        {
            success = true,
            result = new { count = 1, results = new[] { new { id = "p-1", title = "Cykelställ", resources = new[] { new { url = municipality.Url("/data/luft.csv").ToString(), format = "CSV" } } } } },
        }));
        municipality.MapFile("/inloggning", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Logga in</body></html>"), "text/html");

        var page = await Platform.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync("admin@localhost");
        await page.GetByLabel("Lösenord").FillAsync(WebPlatform.AdministratorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera");

        async Task StartAsync(string choice, string address)
        {
            await page.GotoAsync("/publicera/ny");
            await page.Locator($"#choice-{choice}").CheckAsync();
            await page.Locator("#url").FillAsync(address);
        }
        async Task CheckAsync(bool toReview = true)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Granska data" }).ClickAsync();
            if (toReview) await page.WaitForPageAsync("**/granska");
            else await page.WaitForLoadStateAsync();
        }

        // ArcGIS: the feature layers of the service's own list (its group layer is not one), then the chosen layer's rows.
        var service = municipality.Url("/arcgis/rest/services/Livsby/FeatureServer").ToString();
        await StartAsync("arcgis", service);
        await CheckAsync(toReview: false);
        await Assertions.Expect(page.Locator("#layer option")).ToHaveCountAsync(2);
        Assert.DoesNotContain("Grupp", await page.Locator("#layer").InnerTextAsync());
        await page.Locator("#layer").SelectOptionAsync(service + "/1");
        await CheckAsync();
        await Assertions.Expect(page.Locator("#source-kind")).ToHaveTextAsync("ArcGIS-tjänst");
        await Assertions.Expect(page.Locator("#first-rows")).ToContainTextAsync("Bänken vid sjön");
        await Assertions.Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#fixed").CountAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));

        // A JSON API: where the records are and how the pages go, in plain words; every page is read.
        await StartAsync("jsonapi", municipality.Url("/api/parkering").ToString());
        Assert.True(await page.Locator("#recordsPointer").IsVisibleAsync());
        await page.Locator("#recordsPointer").FillAsync("/data/items");
        await page.Locator("#paging").SelectOptionAsync("Offset");
        await page.Locator("#pageSize").FillAsync("2");
        await CheckAsync();
        await Assertions.Expect(page.Locator("#first-rows tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#first-rows")).ToContainTextAsync("Parkering 5");
        Assert.Contains("Kan publiceras", await page.Locator("#verdict").InnerTextAsync());

        // Catalogues: the records that would be imported, and which of them bring data.
        await StartAsync("dcat", municipality.Url("/katalog.ttl").ToString());
        await CheckAsync();
        await Assertions.Expect(page.Locator("#record-count")).ToContainTextAsync("2 datamängder");
        await Assertions.Expect(page.Locator("#records")).ToContainTextAsync("Luftkvalitet vid torget");
        await Assertions.Expect(page.Locator("#records")).ToContainTextAsync("bara beskrivningen");
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt till beskrivningen" }).CountAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        await StartAsync("ckan", municipality.Url("/ckan").ToString());
        await CheckAsync();
        await Assertions.Expect(page.Locator("#records")).ToContainTextAsync("Cykelställ");
        await Assertions.Expect(page.Locator("#records")).ToContainTextAsync("hämtas och publiceras");

        // A map server that answers with a login page: said so on the first step, nothing saved.
        await StartAsync("wfs", municipality.Url("/inloggning").ToString());
        await CheckAsync(toReview: false);
        await Assertions.Expect(page.Locator("#new-error")).ToContainTextAsync("web page");
        Assert.EndsWith("/publicera/ny", new Uri(page.Url).AbsolutePath);
    }

    /// <summary>Presses Tab until the element has focus (a keyboard user's way to a field).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.Locator(selector).EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        Assert.Fail($"{selector} cannot be reached with the Tab key.");
    }

    private static async Task WaitForRunsAsync(IPage page, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var runs = page.Locator("tr[data-status]");
        while (await runs.CountAsync() < count || await runs.First.GetAttributeAsync("data-status") == "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Run {count} did not finish within 120 seconds.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        Assert.Equal("Succeeded", await runs.First.GetAttributeAsync("data-status"));
    }
}

/// <summary>The layers of the tests' municipal map server.</summary>
internal static class MapLayers
{
    public static readonly MapLayer Playgrounds = new("livsby:lekplatser", "Lekplatser", Enumerable.Range(1, 13)
        .Select(i => new MapFeature(new Dictionary<string, object?> { ["namn"] = i == 1 ? "Lekplatsen vid skolan" : $"Lekplats {i}", ["gungor"] = i % 4 }, 14.1 + i / 1000.0, 57.78))
        .ToList());

    public static readonly MapLayer Benches = new("livsby:bankar", "Bänkar",
        [new MapFeature(new Dictionary<string, object?> { ["namn"] = "Bänken vid sjön" }, 14.15, 57.79)]);
}
