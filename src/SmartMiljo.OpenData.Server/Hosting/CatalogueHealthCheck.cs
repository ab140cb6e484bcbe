using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>Healthy when both the catalogue and the row database answer: what a load balancer needs to know.</summary>
public sealed class CatalogueHealthCheck(CatalogueDbContext db, IRowDatabase rows) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The catalogue database does not answer.");
            await rows.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("A database does not answer.", ex);
        }
    }
}
