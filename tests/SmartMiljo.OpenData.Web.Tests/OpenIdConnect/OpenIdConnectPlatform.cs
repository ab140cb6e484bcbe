using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Tests.Upgrades;

namespace SmartMiljo.OpenData.Web.Tests.OpenIdConnect;

/// <summary>
/// The real server on Kestrel, configured with one OpenID Connect provider (the test provider on its
/// own port) whose <c>groups</c> claim maps to roles in <see cref="OrganisationSlug"/>, plus Chromium.
/// </summary>
public sealed class OpenIdConnectPlatform : IAsyncLifetime
{
    public const string ProviderName = "testkommun";
    public const string ProviderDisplayName = "Testkommunens e-legitimation";
    public const string Scheme = "oidc-testkommun";
    public const string OrganisationSlug = "testkommun";
    public const string PublisherGroup = "opendata-publicerare";
    public const string ExistingEmail = "berit@testkommun.se";
    public const string ExistingPassword = "Berits-lösen-123";
    public const string OtherDomainEmail = "cecilia@annankommun.se";
    public const string AdministratorEmail = "it-chef@testkommun.se";

    private readonly TemporaryDirectory _data = new();
    private ServerOnStorage _server = null!;
    private IPlaywright _playwright = null!;

    public TestIdentityProvider Provider { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _server.Services;
    public Guid OrganisationId { get; private set; }

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        var section = $"Authentication:OpenIdConnect:Providers:{ProviderName}";
        _server = new ServerOnStorage(new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = _data.Path }, new Dictionary<string, string?>
        {
            [$"{section}:Authority"] = Provider.Issuer,
            [$"{section}:ClientId"] = TestIdentityProvider.ClientId,
            [$"{section}:ClientSecret"] = TestIdentityProvider.ClientSecret,
            [$"{section}:DisplayName"] = ProviderDisplayName,
            [$"{section}:RequireHttpsMetadata"] = "false", // the test provider speaks plain HTTP on 127.0.0.1
            [$"{section}:LinkEmailDomains:0"] = "testkommun.se",
            [$"{section}:RoleClaim"] = "groups",
            [$"{section}:RoleMappings:0:ClaimValue"] = PublisherGroup,
            [$"{section}:RoleMappings:0:Organisation"] = OrganisationSlug,
            [$"{section}:RoleMappings:0:Role"] = "Publisher",
            [$"{section}:RoleMappings:1:ClaimValue"] = "opendata-lasare",
            [$"{section}:RoleMappings:1:Organisation"] = OrganisationSlug,
            [$"{section}:RoleMappings:1:Role"] = "Viewer",
        });
        BaseAddress = _server.StartOnKestrel();

        await using (var scope = Services.CreateAsyncScope())
        {
            var catalogue = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var organisation = new Organisation
            {
                Slug = OrganisationSlug, Name = "Testkommun", OrganisationNumber = "2120000159", MunicipalityCode = "1401",
                ContactEmail = "data@testkommun.se", CreatedAt = DateTimeOffset.UtcNow,
            };
            catalogue.Organisations.Add(organisation);
            await catalogue.SaveChangesAsync();
            OrganisationId = organisation.Id;

            // An account an administrator made before the municipality had its own sign-in.
            var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioning>();
            var existing = await provisioning.CreateAsync(ExistingEmail, ExistingPassword, "Berit Bengtsson");
            await provisioning.GrantAsync(existing.Id, organisation.Id, OrganisationRole.Viewer);
            // Accounts the provider may not be linked to: another organisation's domain, an administrator.
            await provisioning.CreateAsync(OtherDomainEmail, ExistingPassword, "Cecilia Annan");
            await provisioning.MakeAdministratorAsync(await provisioning.CreateAsync(AdministratorEmail, ExistingPassword, "IT-chef"));
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await WebPlatform.LaunchChromiumAsync(_playwright);
    }

    public Task<IPage> NewPageAsync() => WebPlatform.NewPageAsync(Browser, BaseAddress);

    /// <summary>Opens the sign-in page and chooses the provider, which signs <paramref name="user"/> in
    /// at once; returns when the browser has come back and settled.</summary>
    public async Task<IPage> SignInThroughProviderAsync(ProviderUser user, ProviderFault fault = ProviderFault.None)
    {
        Provider.NextUser = user;
        Provider.Fault = fault;
        var page = await NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Logga in med {ProviderDisplayName}" }).ClickAsync();
        try
        {
            await page.WaitForPageAsync(url => url.Contains("/publicera", StringComparison.Ordinal) || url.Contains("/konto/extern-fel", StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            var body = await page.Locator("body").InnerTextAsync();
            throw new TimeoutException($"The sign-in did not come back to /publicera or /konto/extern-fel; the browser is at {page.Url}: {body[..Math.Min(body.Length, 400)]}", e);
        }
        return page;
    }

    public async Task<T> QueryAsync<T>(Func<WebDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WebDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await _server.DisposeAsync();
        await Provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
