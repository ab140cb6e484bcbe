using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>
/// Whether the download store answers: one HEAD request on the bucket for S3, the folder's
/// existence for the file system. Register it with failure status Degraded: without downloads a node
/// still serves the catalogue and OData, so it should stay behind the load balancer.
/// </summary>
public sealed class DownloadStoreHealthCheck(IDownloadStore store) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        switch (store)
        {
            case S3DownloadStore s3:
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(ProbeTimeout);
                    try
                    {
                        await s3.ProbeAsync(timeout.Token);
                        return HealthCheckResult.Healthy();
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The message names the bucket, never the credentials.
                        return new HealthCheckResult(context.Registration.FailureStatus,
                            $"The download bucket '{s3.Bucket}' does not answer.", e);
                    }
                }
            case FileSystemDownloadStore files:
                return Directory.Exists(files.RootDirectory)
                    ? HealthCheckResult.Healthy()
                    : new HealthCheckResult(context.Registration.FailureStatus, "The download folder is missing.");
            default:
                return HealthCheckResult.Healthy();
        }
    }
}
