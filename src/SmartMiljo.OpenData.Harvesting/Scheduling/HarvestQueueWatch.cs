using Hangfire;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>
/// Whether a harvest of a source has been asked for but has not recorded its run yet (queued behind other
/// harvests, or picked up and starting). A page that only followed recorded runs would miss a harvest that
/// waits for a free worker, and never notice it start.
/// </summary>
public sealed class HarvestQueueWatch(JobStorage storage)
{
    /// <summary>How far into each queue to look; a backlog longer than this reads as "waiting" anyway only
    /// for the sources near its head, which is what a page asking right after a trigger needs.</summary>
    public const int QueueDepthLooked = 1000;

    public bool IsWaiting(Guid sourceId)
    {
        var monitoring = storage.GetMonitoringApi();
        foreach (var queue in HarvestScheduler.QueuesInPriorityOrder)
            if (monitoring.EnqueuedJobs(queue, 0, QueueDepthLooked).Any(j => Harvests(j.Value?.Job, sourceId)))
                return true;
        return monitoring.ProcessingJobs(0, QueueDepthLooked).Any(j => Harvests(j.Value?.Job, sourceId));
    }

    private static bool Harvests(Hangfire.Common.Job? job, Guid sourceId) =>
        job is { Type: var type, Args: [Guid id, ..] } && type == typeof(HarvestJob) && id == sourceId;
}
