using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>A fetcher wired as in production (guarded handler, retries, breaker), with fast retries.</summary>
internal static class TestFetchers
{
    public static HarvestOptions Options(string workDirectory) => new()
    {
        WorkDirectory = workDirectory,
        AllowLoopback = true,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetries = 2,
        RequestTimeout = TimeSpan.FromSeconds(10),
        FetchTimeout = TimeSpan.FromSeconds(30),
    };

    public static SourceFetcher Create(HarvestOptions options)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var services = new ServiceCollection();
        services.AddSingleton(wrapped);
        OutboundHttp.Register(services);
        var http = services.BuildServiceProvider().GetRequiredService<OutboundHttp>();
        return new SourceFetcher(http, wrapped, new HostResilience(wrapped), TimeProvider.System);
    }
}
