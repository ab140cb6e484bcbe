using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Harvesting.Pipeline.Stages;
using SmartMiljo.OpenData.Harvesting.Scheduling;

namespace SmartMiljo.OpenData.Harvesting;

public static class HarvestingServiceCollectionExtensions
{
    /// <summary>Registers the pipeline, the source adapters and the scheduler. Hangfire storage and
    /// server are the host's choice (in-memory embedded, PostgreSQL in production). The background services
    /// (the stale-run reaper, the orphaned-file sweeper) run only where <paramref name="runsJobs"/>: a web-only node registers none.</summary>
    public static IServiceCollection AddSmartMiljoHarvesting(this IServiceCollection services, Action<HarvestOptions>? configure = null, bool runsJobs = true)
    {
        var options = services.AddOptions<HarvestOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        OutboundHttp.Register(services);
        services.AddSingleton<HostResilience>();
        services.AddSingleton<SourceFetcher>();

        AddAdapter<CsvSourceAdapter>(services, reader: true);
        AddAdapter<GeoJsonSourceAdapter>(services, reader: true);
        AddAdapter<XlsxSourceAdapter>(services, reader: true);
        AddAdapter<JsonApiSourceAdapter>(services, reader: true);
        AddAdapter<WfsSourceAdapter>(services, reader: true);
        AddAdapter<ArcGisSourceAdapter>(services, reader: true);
        AddAdapter<KoladaSourceAdapter>(services, reader: true);
        AddAdapter<PxWebSourceAdapter>(services, reader: true);
        AddAdapter<FileDropSourceAdapter>(services, reader: false);
        AddAdapter<DcatCatalogueAdapter>(services, reader: false);
        AddAdapter<CkanCatalogueAdapter>(services, reader: false);

        services.AddSingleton<FileDropInbox>();
        services.AddSingleton<SourcePreview>();
        services.TryAddSingleton<IHarvestNotifier, LoggingHarvestNotifier>();
        services.AddScoped<VersionPublisher>();
        services.AddScoped<RunLifecycle>();
        services.AddScoped<ItemReconciliation>();
        services.AddScoped<VersionLoader>();
        services.AddScoped<PublishStage>();
        services.AddScoped<DiffStage>();
        services.AddScoped<DownloadsStage>();
        services.AddScoped<HeldVersionApproval>();
        services.AddScoped<HarvestPipeline>();
        services.AddScoped<HarvestJob>();
        services.AddSingleton<HarvestScheduler>();
        services.AddSingleton<HarvestQueueWatch>();
        services.AddSingleton<StaleRunReaper>();
        services.AddSingleton<OrphanedFileSweeper>();
        services.AddSingleton<StartupHarvests>();
        if (runsJobs)
        {
            services.AddHostedService(sp => sp.GetRequiredService<StaleRunReaper>());
            services.AddHostedService(sp => sp.GetRequiredService<OrphanedFileSweeper>());
        }
        return services;
    }

    private static void AddAdapter<T>(IServiceCollection services, bool reader) where T : class, ISourceAdapter
    {
        services.AddSingleton<T>();
        services.AddSingleton<ISourceAdapter>(sp => sp.GetRequiredService<T>());
        if (reader) services.AddSingleton(sp => (IItemReader)sp.GetRequiredService<T>());
    }
}
