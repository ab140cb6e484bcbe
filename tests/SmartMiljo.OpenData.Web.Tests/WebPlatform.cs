using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>
/// The real server (Program with all its wiring) on Kestrel at 127.0.0.1 and a free port, seeded with the
/// demo organisation, plus two publishers of different organisations and a headless Chromium.
/// </summary>
public sealed class WebPlatform : IAsyncLifetime
{
    public const string Password = "Testlösen-12345";
    public const string AdministratorPassword = "Administratör-12345";
    public const string PublisherEmail = "publicerare@exempelkommun.se";
    public const string OtherPublisherEmail = "publicerare@annankommun.se";
    public const string OtherOrganisationSlug = "annankommun";

    private readonly Factory _factory;
    private IPlaywright? _playwright;

    public WebPlatform() : this(null) { }

    /// <summary>A platform with extra settings (e.g. a mail server), applied after the defaults.</summary>
    internal WebPlatform(IReadOnlyDictionary<string, string>? settings) => _factory = new Factory(settings);

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    /// <summary>The server's data folder (file-drop sources live under it).</summary>
    public string DataPath => _factory.DataPath;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Screenshots land here (under the test output), kept as test artefacts.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/");
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

        await WaitForSeededDatasetsAsync();
        await CreateUsersAsync();

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless (CHROMIUM_PATH overrides where it is).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    public Task<IPage> NewPageAsync(int width = 1280, int height = 900) => NewPageAsync(Browser, BaseAddress, width, height);

    /// <summary>A page in a fresh context (no cookies) whose relative URLs go to <paramref name="baseAddress"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "sv-SE",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).Last.ClickAsync();
        await page.WaitForPageAsync("**/publicera");
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>Runs axe-core (from npm, copied into Assets) in the page and returns the serious and
    /// critical violations as readable lines.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // Served as if from the site itself: the pages' Content-Security-Policy refuses inline scripts.
        var axe = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Assets", "axe.min.js"));
        await page.RouteAsync("**/__test-assets/axe.min.js", route => route.FulfillAsync(new RouteFulfillOptions { Body = axe, ContentType = "application/javascript" }));
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/__test-assets/axe.min.js" });
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))" +
            ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
        return json.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    public async Task<Guid> OrganisationIdAsync(string slug)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
    }

    public async Task<Guid> FirstSourceIdAsync(string organisationSlug)
    {
        var organisationId = await OrganisationIdAsync(organisationSlug);
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().HarvestSources
            .Where(s => s.OrganisationId == organisationId).OrderBy(s => s.Name).Select(s => s.Id).FirstAsync();
    }

    /// <summary>Drafts a user started (in any organisation).</summary>
    public async Task<int> DraftCountAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var userId = await web.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await web.Drafts.CountAsync(d => d.CreatedBy == userId);
    }

    public async Task<int> RunCountAsync(Guid sourceId, string trigger)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().HarvestRuns.CountAsync(r => r.SourceId == sourceId && r.Trigger == trigger);
    }

    private async Task WaitForSeededDatasetsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                var published = await scope.ServiceProvider.GetRequiredService<IPublishedDatasets>().ListAsync(null);
                if (published.Count >= 2) return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The seeded demo datasets were not published within two minutes.");
    }

    private async Task CreateUsersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var demo = await db.Organisations.SingleAsync(o => o.Slug == "exempelkommun");
        var other = new Organisation
        {
            Slug = OtherOrganisationSlug, Name = "Annan kommun", OrganisationNumber = "2120000142", MunicipalityCode = "1490",
            ContactEmail = "data@annankommun.se", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Organisations.Add(other);
        await db.SaveChangesAsync();

        var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioning>();
        var publisher = await provisioning.CreateAsync(PublisherEmail, Password, "Publicerare Exempelkommun");
        await provisioning.GrantAsync(publisher.Id, demo.Id, OrganisationRole.Publisher);
        var otherPublisher = await provisioning.CreateAsync(OtherPublisherEmail, Password, "Publicerare Annan kommun");
        await provisioning.GrantAsync(otherPublisher.Id, other.Id, OrganisationRole.Publisher);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string>? settings) : WebApplicationFactory<Program>
    {
        private readonly TemporaryDirectory _data = new();

        public string DataPath => _data.Path;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", _data.Path);
            builder.UseSetting("Admin:ApiKey", "web-tests-key");
            builder.UseSetting("Seed:Enabled", "true");
            builder.UseSetting("Web:AdministratorPassword", AdministratorPassword);
            // No map tiles: the browser has no network beyond the server under test.
            builder.UseSetting("Web:MapTileUrl", "");
            builder.UseSetting("Web:Operator:Name", "Exempelkommun");
            builder.UseSetting("Web:Operator:Email", "dataskydd@exempelkommun.se");
            builder.UseSetting("Web:Operator:AccessibilityReviewed", "2026-12-01");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            _data.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebPlatformCollection : ICollectionFixture<WebPlatform>
{
    public const string Name = "web platform";
}
