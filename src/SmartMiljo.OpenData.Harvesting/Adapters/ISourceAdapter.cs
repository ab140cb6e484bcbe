using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>One harvestable item of a source (a file, a layer, a catalogue record), with a stable key.</summary>
public sealed record SourceItem(string Key, string Location);

/// <summary>
/// Knows one kind of source: how to list its items (gather), copy one locally (fetch) and read it as a
/// table. The pipeline around it is the same for every kind.
/// </summary>
public interface ISourceAdapter
{
    SourceKind Kind { get; }

    Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken);

    Task<FetchResult> FetchAsync(SourceItem item, HarvestSource source, string destinationPath, CancellationToken cancellationToken);

    Task<ITabularSource> OpenAsync(FetchResult fetched, HarvestSource source, CancellationToken cancellationToken);
}

/// <summary>Sources that are one file at a URL or path.</summary>
public abstract class SingleFileSourceAdapter(SourceFetcher fetcher) : ISourceAdapter
{
    public abstract SourceKind Kind { get; }

    public Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceItem>>([new SourceItem(source.Location, source.Location)]);

    public Task<FetchResult> FetchAsync(SourceItem item, HarvestSource source, string destinationPath, CancellationToken cancellationToken) =>
        fetcher.FetchAsync(item.Location, source.LastETag, source.LastModifiedHeader, destinationPath, cancellationToken);

    public abstract Task<ITabularSource> OpenAsync(FetchResult fetched, HarvestSource source, CancellationToken cancellationToken);
}
