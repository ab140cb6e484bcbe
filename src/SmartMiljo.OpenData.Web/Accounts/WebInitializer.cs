using System.Security.Cryptography;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// Migrates the web tables (which live next to the catalogue's) and makes a first administrator when
/// there is none, so a fresh instance can be used. Registered after the platform initializer, which
/// creates the catalogue; holds the same start-up lock, so nodes starting together do this once.
/// </summary>
public sealed class WebInitializer(IServiceScopeFactory scopes, IOptions<WebOptions> options, ILogger<WebInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalogue = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        await using var startupLock = await CatalogueMigrator.AcquireStartupLockAsync(catalogue, cancellationToken);
        await WebSchemaMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<WebDbContext>(), logger, cancellationToken);
        ScheduleNoticeDigest(scope.ServiceProvider);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<WebUser>>();
        if ((await users.GetUsersInRoleAsync(WebRoles.Administrator)).Count > 0) return;
        var email = options.Value.AdministratorEmail;
        var password = options.Value.AdministratorPassword;
        if (string.IsNullOrEmpty(password))
        {
            // Hex gives digits and lower case; the fixed ends add the upper case the password rules ask for.
            password = "Sm-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "-Q9";
            if (options.Value.DataDirectory is { } dir)
            {
                Directory.CreateDirectory(dir);
                var file = Path.Combine(dir, "admin-password.txt");
                await File.WriteAllTextAsync(file, $"{email}\n{password}\n", cancellationToken);
                logger.LogWarning("Created the administrator {Email}; the password is in {File}.", email, file);
            }
        }
        var provisioning = scope.ServiceProvider.GetRequiredService<UserProvisioning>();
        var admin = await users.FindByEmailAsync(email) ?? await provisioning.CreateAsync(email, password, "Administratör", cancellationToken);
        await provisioning.MakeAdministratorAsync(admin);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The daily digest of harvest notices, in the instance's time zone (the harvests' own).</summary>
    private static void ScheduleNoticeDigest(IServiceProvider services)
    {
        if (services.GetService<Hangfire.IRecurringJobManager>() is not { } jobs) return;
        var zone = Harvesting.Scheduling.HarvestScheduler.ResolveTimeZone(services.GetRequiredService<IOptions<Harvesting.HarvestOptions>>().Value.TimeZone);
        jobs.AddOrUpdate<Notifications.NoticeDigestJob>(Notifications.NoticeDigestJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Notifications.NoticeDigestJob.Schedule, new Hangfire.RecurringJobOptions { TimeZone = zone });
    }
}

/// <summary>Configuration section <c>Web</c>.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>The first administrator, created when the instance has none.</summary>
    public string AdministratorEmail { get; set; } = "admin@localhost";

    /// <summary>Its password; when empty a random one is made and written to the data folder.</summary>
    public string? AdministratorPassword { get; set; }

    /// <summary>Where uploads and the generated password go; set by the composition.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Map background tiles (Leaflet URL template); empty shows points without a background,
    /// for networks that cannot reach a tile server.</summary>
    public string? MapTileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    /// <summary>Sign-in attempts accepted from one address per minute (a sliding window); more get "too many attempts".</summary>
    public int SignInAttemptsPerMinute { get; set; } = 20;

    /// <summary>Largest file a publisher may upload in the wizard.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
