using Hangfire;
using SmartMiljo.OpenData.Harvesting.Pipeline;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>The Hangfire entry point for a harvest. Retries are the pipeline's business (per fetch, for
/// transient faults only), so Hangfire itself must not re-run a whole harvest.</summary>
public sealed class HarvestJob(HarvestPipeline pipeline)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Harvest {0} ({1})")]
    public async Task RunAsync(Guid sourceId, string trigger, CancellationToken cancellationToken) =>
        await pipeline.RunAsync(sourceId, trigger, cancellationToken);
}
