using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>GeoJSON feature collections: one row per feature, properties as columns, the point as
/// <c>latitude</c>/<c>longitude</c> (RFC 7946 coordinates are WGS84 longitude, latitude). Streamed.</summary>
public sealed class GeoJsonSourceAdapter(SourceFetcher fetcher) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.GeoJson;

    public override Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken) =>
        TabularReaders.OpenAsync(fetched.LocalPath!, TabularFormat.GeoJson, null, cancellationToken);
}
