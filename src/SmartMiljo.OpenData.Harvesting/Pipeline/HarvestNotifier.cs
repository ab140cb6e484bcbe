using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>A run that needs a person's attention: it failed, or the data's quality fell.</summary>
public sealed record HarvestNotice(Guid SourceId, string SourceName, Guid RunId, HarvestRunStatus Status, bool Degraded, string SummarySv, string SummaryEn);

/// <summary>Where notices go. The default writes them to the log; a mailer can replace it.</summary>
public interface IHarvestNotifier
{
    Task RunNeedsAttentionAsync(HarvestNotice notice, CancellationToken cancellationToken);
}

public sealed class LoggingHarvestNotifier(ILogger<LoggingHarvestNotifier> logger) : IHarvestNotifier
{
    public Task RunNeedsAttentionAsync(HarvestNotice notice, CancellationToken cancellationToken)
    {
        logger.LogWarning("Harvest of {Source} needs attention ({Status}{Degraded}): {Summary}",
            notice.SourceName, notice.Status, notice.Degraded ? ", degraded" : "", notice.SummaryEn);
        return Task.CompletedTask;
    }
}
