using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartMiljo.OpenData.Storage;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>
/// Hangfire for this node. On PostgreSQL the job queue lives in the shared database (schema
/// <c>hangfire</c>), so any number of workers take jobs from it: a job is fetched by exactly one worker
/// (row locks with SKIP LOCKED), and a job whose worker died becomes visible again after
/// <c>Jobs:InvisibilityTimeout</c> and is run by another. On SQLite (one machine) the queue is in memory.
/// </summary>
public static class JobsComposition
{
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration, StorageOptions storage, NodeRole role)
    {
        services.AddSingleton(role);
        // The storage instance is registered in DI, not only in Hangfire's static configuration, so that every
        // client, server and dashboard of this host uses it even when several hosts share a process (tests).
        // It is created inside Hangfire's configuration step, after Hangfire's static log provider points at
        // this host's loggers.
        services.AddSingleton<JobStorage>(_ => storage.Provider == StorageProvider.Postgres
            ? CreatePostgresStorage(configuration, storage)
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(7) }));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        if (role.RunsJobs)
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(2, Environment.ProcessorCount));
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        return services;
    }

    private static PostgreSqlStorage CreatePostgresStorage(IConfiguration configuration, StorageOptions storage)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // Long harvests keep their claim alive; a dead worker's claim lapses after the timeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = configuration.GetValue("Jobs:InvisibilityTimeout", TimeSpan.FromMinutes(5)),
            QueuePollInterval = configuration.GetValue("Jobs:QueuePollInterval", TimeSpan.FromSeconds(2)),
        };
        var connectionString = configuration["Jobs:ConnectionString"] ?? storage.ResolveCatalogueConnectionString();
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>Removes the background services registered since <paramref name="firstIndex"/>: a web-only
    /// node leaves the harvesting housekeeping (the stale-run reaper) to the workers.</summary>
    public static void RemoveHostedServicesSince(this IServiceCollection services, int firstIndex)
    {
        for (var i = services.Count - 1; i >= firstIndex; i--)
            if (services[i].ServiceType == typeof(IHostedService)) services.RemoveAt(i);
    }

    /// <summary>The HTTP surface for the role: everything on web nodes, only <c>/health</c> on workers.</summary>
    public static bool MapRoleEndpoints(this WebApplication app)
    {
        var role = app.Services.GetRequiredService<NodeRole>();
        app.Logger.LogInformation("Node role: {Role}", role.Name);
        if (role.ServesHttp) return true;
        app.MapHealthChecks("/health");
        return false;
    }
}
