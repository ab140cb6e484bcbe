using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Api.Downloads;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>Published datasets held in a list: the test's own catalogue, not a stand-in for behaviour under test.</summary>
internal sealed class InMemoryPublishedDatasets(IReadOnlyList<PublishedDataset> versions) : IPublishedDatasets
{
    public Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PublishedDataset>>(versions
            .Where(v => organisationSlug is null || v.OrganisationSlug == organisationSlug)
            .GroupBy(v => (v.OrganisationSlug, v.DatasetSlug)).Select(g => g.MaxBy(v => v.VersionNumber)!).ToList());

    public Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default) =>
        Task.FromResult(versions.Where(v => v.OrganisationSlug == organisationSlug && v.DatasetSlug == datasetSlug)
            .MaxBy(v => v.VersionNumber));

    public Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult(versions.FirstOrDefault(v => v.OrganisationSlug == organisationSlug && v.DatasetSlug == datasetSlug && v.VersionNumber == versionNumber));
}

/// <summary>A real Kestrel server on 127.0.0.1 with only the download endpoints mapped.</summary>
internal sealed class DownloadServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DownloadServer(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = address,
        };
    }

    public HttpClient Client { get; }

    /// <param name="rows">Where versions without (all) files are streamed from; none needed when every file exists.</param>
    public static async Task<DownloadServer> StartAsync(IPublishedDatasets datasets, IDownloadStore store, IRowStore? rows = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(datasets);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<DownloadGenerator>();
        var database = new SqliteRowDatabase("Data Source=:memory:");
        builder.Services.AddSingleton(rows ?? new SqliteRowStore(database));
        // The changes between versions are served beside the files (none of these tests has a second version).
        builder.Services.AddSingleton<IRowChanges>(new RowChanges(database));
        var app = builder.Build();
        app.MapDownloadEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DownloadServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
