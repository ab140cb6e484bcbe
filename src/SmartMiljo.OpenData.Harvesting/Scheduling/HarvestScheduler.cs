using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>Keeps one Hangfire recurring job per enabled source, and starts harvests on demand.</summary>
/// <remarks>A harvest someone asked for (a publisher's "harvest now", an upload, a new or changed source, an
/// approval) goes to the <see cref="AskedForQueue"/>, which every worker empties before the
/// <see cref="ScheduledQueue"/>: when the region's nightly harvests all start at 03:00, a publisher's own
/// harvest does not wait behind them. (The names also sort in that order, for storages that fetch by name.)</remarks>
public sealed class HarvestScheduler(IRecurringJobManager recurringJobs, IBackgroundJobClient jobs, IOptions<HarvestOptions> options)
{
    public const string AskedForQueue = "asked_for";
    public const string ScheduledQueue = "default";

    /// <summary>The queues a worker serves, first the one it empties first.</summary>
    public static readonly string[] QueuesInPriorityOrder = [AskedForQueue, ScheduledQueue];

    public static string RecurringJobId(Guid sourceId) => $"harvest-{sourceId:N}";

    /// <summary>Start-up catch-up harvests are as routine as the nightly ones; every other trigger is a person
    /// or a change waiting for the result.</summary>
    public static string QueueFor(string trigger) => trigger is "startup" or "schedule" ? ScheduledQueue : AskedForQueue;

    public void Schedule(HarvestSource source)
    {
        if (!source.Enabled)
        {
            recurringJobs.RemoveIfExists(RecurringJobId(source.Id));
            return;
        }
        recurringJobs.AddOrUpdate<HarvestJob>(
            RecurringJobId(source.Id),
            ScheduledQueue,
            job => job.RunAsync(source.Id, "schedule", CancellationToken.None),
            source.Schedule,
            new RecurringJobOptions { TimeZone = ResolveTimeZone(options.Value.TimeZone) });
    }

    /// <summary>Queues a harvest to start as soon as a worker is free; returns the Hangfire job id.</summary>
    public string TriggerNow(Guid sourceId, string trigger = "manual") =>
        jobs.Enqueue<HarvestJob>(QueueFor(trigger), job => job.RunAsync(sourceId, trigger, CancellationToken.None));

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
