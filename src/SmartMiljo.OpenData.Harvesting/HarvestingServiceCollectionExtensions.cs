using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Harvesting.Scheduling;

namespace SmartMiljo.OpenData.Harvesting;

public static class HarvestingServiceCollectionExtensions
{
    /// <summary>Registers the pipeline, the source adapters and the scheduler. Hangfire storage and
    /// server are the host's choice (in-memory embedded, PostgreSQL in production).</summary>
    public static IServiceCollection AddSmartMiljoHarvesting(this IServiceCollection services, Action<HarvestOptions>? configure = null)
    {
        var options = services.AddOptions<HarvestOptions>();
        if (configure is not null) options.Configure(configure);
        services.AddHttpClient(SourceFetcher.HttpClientName, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the fetcher applies its own, per stage
            c.DefaultRequestHeaders.UserAgent.ParseAdd("SmartMiljo-OpenData-Harvester/1.0");
        });
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<ISourceAdapter, CsvSourceAdapter>();
        services.AddSingleton<ISourceAdapter, GeoJsonSourceAdapter>();
        services.AddScoped<HarvestPipeline>();
        services.AddScoped<HarvestJob>();
        services.AddSingleton<HarvestScheduler>();
        services.AddSingleton<StaleRunReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<StaleRunReaper>());
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
