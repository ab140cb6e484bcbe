using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Server.Seeding;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>
/// Start-up work, before the job server picks anything up: create the catalogue, seed the demo, put every
/// source on its schedule, and queue a first harvest for sources that have never run (see <see cref="StartupHarvests"/>).
/// </summary>
public sealed class PlatformInitializer(
    IServiceScopeFactory scopes, HarvestScheduler scheduler, StartupHarvests startupHarvests, IOptions<SeedOptions> seed, IHostEnvironment environment,
    ILogger<PlatformInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        // Several nodes may start together: one migrates and seeds, the others wait for it.
        await using var startupLock = await CatalogueMigrator.AcquireStartupLockAsync(db, cancellationToken);
        await CatalogueMigrator.MigrateAsync(db, logger, cancellationToken);
        if (db.Database.IsSqlite())
            // WAL lets the web pages read the catalogue while a harvest writes to it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        if (seed.Value.Enabled)
        {
            var samples = DemoSeeder.FindSamplesDirectory(seed.Value.SamplesDirectory, environment.ContentRootPath);
            if (samples is null)
                logger.LogWarning("Seeding is on but no samples folder was found; set Seed:SamplesDirectory.");
            else
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(samples, cancellationToken);
        }

        await scheduler.ScheduleAllAsync(db, cancellationToken);
        var queued = await startupHarvests.QueueAsync(db, cancellationToken);
        if (queued.Count > 0) logger.LogInformation("Queued a first harvest for {Count} source(s).", queued.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
