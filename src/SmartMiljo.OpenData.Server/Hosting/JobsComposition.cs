using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
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
                o.Queues = Harvesting.Scheduling.HarvestScheduler.QueuesInPriorityOrder;
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
        // Creating the storage installs or upgrades the hangfire schema; an advisory lock keeps nodes that
        // start together from running the schema scripts concurrently.
        const long schemaLockKey = 0x5343_4A4F_4253; // "SCJOBS"
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            acquire.Parameters.AddWithValue("key", schemaLockKey);
            acquire.CommandTimeout = 0;
            acquire.ExecuteNonQuery();
        }
        try
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        }
        finally
        {
            using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", schemaLockKey);
            release.ExecuteNonQuery();
        }
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
