using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Api.Admin;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Api.Downloads;
using SmartMiljo.OpenData.Api.Http;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Server.Seeding;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>Wires the platform's parts together for one process (web, jobs, or both).</summary>
public static class PlatformComposition
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        storage.DataDirectory = ResolveDataDirectory(configuration, contentRoot);
        services.Configure<StorageOptions>(o =>
        {
            configuration.GetSection(StorageOptions.SectionName).Bind(o);
            o.DataDirectory = storage.DataDirectory;
        });
        services.AddSmartMiljoStorage(storage);

        // Hosted services start in registration order: the initializer (catalogue created, demo seeded)
        // must finish before the stale-run reaper and the job server start.
        services.AddHostedService<PlatformInitializer>();
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.SectionName));
        services.AddScoped<DemoSeeder>();
        var samples = DemoSeeder.FindSamplesDirectory(configuration[$"{SeedOptions.SectionName}:SamplesDirectory"], contentRoot);
        var role = NodeRole.From(configuration);
        services.AddSmartMiljoHarvesting(o =>
        {
            configuration.GetSection(HarvestOptions.SectionName).Bind(o);
            o.WorkDirectory = Path.GetFullPath(configuration[$"{HarvestOptions.SectionName}:WorkDirectory"] ?? Path.Combine(storage.DataDirectory, "work"), contentRoot);
            o.AllowedFileRoots = o.AllowedFileRoots.Select(r => Path.GetFullPath(r, contentRoot)).ToList();
            o.AllowedFileRoots.Add(Path.Combine(storage.DataDirectory, "drop"));
            if (samples is not null) o.AllowedFileRoots.Add(samples);
        }, runsJobs: role.RunsJobs);

        services.Configure<AdminOptions>(configuration.GetSection(AdminOptions.SectionName));
        services.AddSmartMiljoApi(configuration, storage.DataDirectory);
        // Shape folders are explicit settings (appsettings.json has the defaults), read like the data folder:
        // relative to the repository root in a source checkout, else to the content root.
        services.PostConfigure<DcatOptions>(o =>
        {
            o.EuShapesDirectory = ResolveFromRoot(o.EuShapesDirectory, contentRoot);
            o.SwedishShapesDirectory = ResolveFromRoot(o.SwedishShapesDirectory, contentRoot);
        });
        services.AddSmartMiljoWeb(configuration, storage.DataDirectory);

        services.AddPlatformJobs(configuration, storage, role);

        services.AddTrustedProxies(configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Kestrel reads only its endpoints from configuration; its limits (e.g. MaxRequestBodySize) are bound here.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => configuration.GetSection("Kestrel:Limits").Bind(o.Limits));
        services.AddProblemDetails();
        services.AddExceptionHandler<ClientErrorExceptionHandler>();
        services.AddOpenApi("v1");
        services.AddHealthChecks().AddCheck<CatalogueHealthCheck>("databases")
            .AddCheck<DownloadStoreHealthCheck>("downloads", HealthStatus.Degraded);
        return builder;
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.UseTrustedProxies();
        if (!app.MapRoleEndpoints()) return app;
        app.UsePublicReadCors();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseErrorPagesForPeople();
        app.UseUncachedErrorResponses();
        app.UsePublicResponseCompression();
        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi");
        app.MapSmartMiljoWeb();
        app.MapSmartMiljoApi();
        app.MapAdministratorDashboard("/hangfire");
        return app;
    }

    /// <summary>
    /// A relative data folder is taken from the repository root when running from a source checkout
    /// (so `dotnet run --project src/...` keeps its data in `./data/` where it was typed), otherwise from
    /// the content root.
    /// </summary>
    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot) =>
        ResolveFromRoot(configuration[$"{StorageOptions.SectionName}:DataDirectory"] ?? "data", contentRoot)!;

    /// <summary>A configured relative path, from the repository root in a source checkout, else from the content root.</summary>
    public static string? ResolveFromRoot(string? configured, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        if (Path.IsPathRooted(configured)) return configured;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartMiljo.OpenData.sln")))
                return Path.GetFullPath(configured, dir.FullName);
        return Path.GetFullPath(configured, contentRoot);
    }

    /// <summary>Writes need a key; when none is configured one is made for this data folder and kept in
    /// <c>{DataDirectory}/admin-api-key.txt</c>, so the demo works without setup but is never open.</summary>
    public static void EnsureAdminApiKey(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration[$"{AdminOptions.SectionName}:ApiKey"])) return;
        var dataDirectory = ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataDirectory);
        var keyFile = Path.Combine(dataDirectory, "admin-api-key.txt");
        if (!File.Exists(keyFile)) File.WriteAllText(keyFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        builder.Configuration[$"{AdminOptions.SectionName}:ApiKey"] = File.ReadAllText(keyFile).Trim();
        Console.WriteLine($"Admin API key (X-Api-Key) is in {keyFile}");
    }
}
