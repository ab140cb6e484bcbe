using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// Creates the web tables next to the catalogue's (EnsureCreated would skip them: the database already
/// has tables) and makes a first administrator when there is none, so a fresh instance can be used.
/// Registered after the platform initializer, which creates the catalogue.
/// </summary>
public sealed class WebInitializer(IServiceScopeFactory scopes, IOptions<WebOptions> options, ILogger<WebInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken)) await creator.CreateAsync(cancellationToken);
        if (!await TablesExistAsync(db, cancellationToken)) await creator.CreateTablesAsync(cancellationToken);

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

    /// <summary>Whether the web tables exist, asked of SQLite's catalogue of tables (a failing query
    /// would log an error on every first start).</summary>
    private static async Task<bool> TablesExistAsync(WebDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var wasOpen = connection.State == System.Data.ConnectionState.Open;
        if (!wasOpen) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = db.Database.IsSqlite()
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'web_users'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'web_users'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            if (!wasOpen) await connection.CloseAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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

    /// <summary>Largest file a publisher may upload in the wizard.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
