using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>Keeps one Hangfire recurring job per enabled source, and starts harvests on demand.</summary>
public sealed class HarvestScheduler(IRecurringJobManager recurringJobs, IBackgroundJobClient jobs, IOptions<HarvestOptions> options)
{
    public static string RecurringJobId(Guid sourceId) => $"harvest-{sourceId:N}";

    public void Schedule(HarvestSource source)
    {
        if (!source.Enabled)
        {
            recurringJobs.RemoveIfExists(RecurringJobId(source.Id));
            return;
        }
        recurringJobs.AddOrUpdate<HarvestJob>(
            RecurringJobId(source.Id),
            job => job.RunAsync(source.Id, "schedule", CancellationToken.None),
            source.Schedule,
            new RecurringJobOptions { TimeZone = ResolveTimeZone(options.Value.TimeZone) });
    }

    /// <summary>Queues a harvest to start as soon as a worker is free; returns the Hangfire job id.</summary>
    public string TriggerNow(Guid sourceId, string trigger = "manual") =>
        jobs.Enqueue<HarvestJob>(job => job.RunAsync(sourceId, trigger, CancellationToken.None));

    public async Task ScheduleAllAsync(CatalogueDbContext db, CancellationToken cancellationToken)
    {
        foreach (var source in await db.HarvestSources.AsNoTracking().ToListAsync(cancellationToken))
            Schedule(source);
    }

    public static TimeZoneInfo ResolveTimeZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
