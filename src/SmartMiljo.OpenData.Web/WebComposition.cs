using Microsoft.AspNetCore.DataProtection;
using System.Globalization;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Accounts.External;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web;

/// <summary>The public catalogue and the publishing workflow: Razor Pages, Identity and their assets.</summary>
public static class WebComposition
{
    public const string AdministratorPolicy = "Administrator";
    public const string AssetsPath = "/assets";
    public const string CultureCookie = ".SmartMiljo.Culture";
    public const string DataProtectionApplicationName = "SmartMiljo.OpenData";

    /// <summary>Registers the web after the platform (its initializer must have created the catalogue).</summary>
    public static IServiceCollection AddSmartMiljoWeb(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.Configure<WebOptions>(o =>
        {
            configuration.GetSection(WebOptions.SectionName).Bind(o);
            o.DataDirectory = dataDirectory;
        });
        services.Configure<Legal.OperatorOptions>(configuration.GetSection(Legal.OperatorOptions.SectionName));
        services.AddSmartMiljoWebDatabase();
        // Before the data-protection services: hosted services start in registration order, and the key ring's
        // table must exist (web migrations) before data protection's own start-up reads the ring.
        services.AddHostedService<WebInitializer>();
        // Several web nodes behind a proxy must read each other's sign-in cookies, anti-forgery tokens and
        // OIDC state: the key ring lives in the shared database, under one application name (the default
        // name is the content root path, which differs between machines).
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<WebDbContext>();

        services.AddIdentity<WebUser, IdentityRole<Guid>>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 8;
            })
            .AddEntityFrameworkStores<WebDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".SmartMiljo.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/konto/logga-in";
            o.LogoutPath = "/konto/logga-ut";
            o.AccessDeniedPath = "/konto/nekad";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddExternalSignIn(configuration);
        services.AddAuthorizationBuilder().AddPolicy(AdministratorPolicy, p => p.RequireRole(WebRoles.Administrator));

        services.AddSignInThrottling();
        services.AddRazorPages(o =>
            {
                // Pages that take a password or send e-mail: posts are throttled per address.
                foreach (var throttled in new[] { "/Account/Login", "/Account/ForgotPassword", "/Account/SetPassword" })
                    o.Conventions.AddPageApplicationModelConvention(throttled,
                        page => page.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(SignInThrottling.Policy)));
                // The IRI the DCAT feed gives an organisation's contact point resolves to the organisation's page (or, for RDF, its catalogue).
                o.Conventions.AddPageRoute("/Organisation", "/organisations/{org}");
                o.Conventions.AuthorizeFolder("/Publish");
                o.Conventions.AuthorizeFolder("/Admin", AdministratorPolicy);
            })
            .ConfigureApplicationPartManager(AddOwnParts);
        services.AddAntiforgery(o => o.Cookie.Name = ".SmartMiljo.Antiforgery");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogueIndex>();
        services.AddScoped<OrganisationAccess>();
        services.AddScoped<AuditLog>();
        services.AddScoped<SmartMiljo.OpenData.Application.People.IAuditTrail>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<SmartMiljo.OpenData.Application.People.IOrganisationPeople, WebOrganisationPeople>();
        services.AddScoped<UserProvisioning>();
        services.AddScoped<AccountTokens>();
        services.AddScoped<MailLinks>();
        services.AddScoped<AccountMails>();
        services.AddSingleton<PasswordResetQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetQueue>());
        services.AddScoped<SmartMiljo.OpenData.Application.People.IInvitations>(sp => sp.GetRequiredService<AccountMails>());
        // Replaces the harvester's log-only notifier: notices go to the organisation's start page and publishers' e-mail.
        services.AddScoped<SmartMiljo.OpenData.Harvesting.Pipeline.IHarvestNotifier, Notifications.HarvestMailNotifier>();
        services.AddScoped<Notifications.NoticeDigestJob>();
        services.AddScoped<OrganisationApiKeys>();
        services.AddScoped<SmartMiljo.OpenData.Api.Security.IApiKeyStore>(sp => sp.GetRequiredService<OrganisationApiKeys>());
        services.AddScoped<SmartMiljo.OpenData.Application.People.IOrganisationKeys>(sp => sp.GetRequiredService<OrganisationApiKeys>());
        services.AddScoped<DatasetPageLoader>();
        services.AddScoped<DraftValidation>();
        services.AddScoped<SourcePublishing>();
        services.AddScoped<SmartMiljo.OpenData.Application.Access.IUploadOwnership, DraftUploads>();
        return services;
    }

    /// <summary>The web tables' context, in the catalogue's database: the context type follows the
    /// catalogue's provider because each provider has its own migrations.</summary>
    public static IServiceCollection AddSmartMiljoWebDatabase(this IServiceCollection services)
    {
        services.AddDbContext<SqliteWebDbContext>((sp, o) => o.UseSqliteWeb(CatalogueConnection(sp)));
        services.AddDbContext<PostgresWebDbContext>((sp, o) => o.UsePostgresWeb(CatalogueConnection(sp)));
        services.AddScoped<WebDbContext>(sp =>
        {
            var catalogue = sp.GetRequiredService<CatalogueDbContext>().Database;
            if (catalogue.IsSqlite()) return sp.GetRequiredService<SqliteWebDbContext>();
            if (catalogue.IsNpgsql()) return sp.GetRequiredService<PostgresWebDbContext>();
            throw new NotSupportedException($"The web accounts support SQLite and PostgreSQL; the catalogue uses {catalogue.ProviderName}.");
        });
        return services;
    }

    public static WebApplication MapSmartMiljoWeb(this WebApplication app)
    {
        var cultures = new[] { new CultureInfo("sv-SE"), new CultureInfo("en-GB") };
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("sv-SE"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        localization.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
            new CookieRequestCultureProvider { CookieName = CultureCookie },
        ];
        app.UseSecurityHeaders();
        app.UseRequestLocalization(localization);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(typeof(WebComposition).Assembly, "SmartMiljo.OpenData.Web.wwwroot"),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapRazorPages();
        app.MapGet("/sprak/{lang}", (string lang, string? returnUrl, HttpContext http) =>
        {
            var culture = lang == "en" ? "en-GB" : "sv-SE";
            http.Response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();
        // For search engines: every public dataset page, and where to find the list.
        app.MapGet("/sitemap.xml", async (HttpContext http, CatalogueIndex index, IOptions<PlatformOptions> platform, CancellationToken ct) =>
            Results.Text(SearchEngineDescriptions.Sitemap(platform.Value.ResolveBaseUrl(http.Request), await index.EntriesAsync(ct)),
                "application/xml", System.Text.Encoding.UTF8)).ExcludeFromDescription();
        app.MapGet("/robots.txt", (HttpContext http, IOptions<PlatformOptions> platform) =>
            Results.Text(SearchEngineDescriptions.Robots(platform.Value.ResolveBaseUrl(http.Request)), "text/plain", System.Text.Encoding.UTF8))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>A path on this site (<c>/…</c>, not <c>//host</c> or <c>/\host</c>, which browsers read as another site),
    /// without control characters: the same rule as <c>Url.IsLocalUrl</c>.</summary>
    public static bool IsLocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    /// <summary>The Hangfire dashboard for administrators only (the default would allow any local request).</summary>
    public static IEndpointConventionBuilder MapAdministratorDashboard(this IEndpointRouteBuilder app, string pattern) =>
        app.MapHangfireDashboard(pattern, new DashboardOptions { Authorization = [new SignedInAdministratorFilter()] })
            .RequireAuthorization(AdministratorPolicy);

    private static string CatalogueConnection(IServiceProvider services) =>
        services.GetRequiredService<CatalogueDbContext>().Database.GetConnectionString()
        ?? throw new InvalidOperationException("The catalogue has no connection string.");

    private static void AddOwnParts(ApplicationPartManager manager)
    {
        var assembly = typeof(WebComposition).Assembly;
        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                manager.ApplicationParts.Add(part);
    }

    private sealed class SignedInAdministratorFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(WebRoles.Administrator);
    }
}
