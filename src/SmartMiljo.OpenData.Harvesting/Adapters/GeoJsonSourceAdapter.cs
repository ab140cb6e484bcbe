using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Harvesting.Reading;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>GeoJSON feature collections: one row per feature, properties as columns, the point as
/// <c>latitude</c>/<c>longitude</c> (RFC 7946 coordinates are WGS84 longitude, latitude). Streamed.</summary>
public sealed class GeoJsonSourceAdapter(SourceFetcher fetcher) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.GeoJson;

    public override async Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken)
    {
        var path = fetched.LocalPath!;
        return await GeoJsonTabularSource.OpenAsync(
            () => new JsonArrayStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), ["features"]),
            cancellationToken);
    }
}

public sealed class GeoJsonFormatException(string message) : Exception(message);

/// <summary>A GeoJSON FeatureCollection as a table, read in constant memory (two streaming passes).</summary>
public static class GeoJsonTabularSource
{
    public const string LatitudeColumn = JsonRecordTabularSource.LatitudeColumn;
    public const string LongitudeColumn = JsonRecordTabularSource.LongitudeColumn;

    private static readonly IReadOnlyDictionary<string, string> GeoJsonFacts =
        new Dictionary<string, string> { ["format"] = "GeoJSON", ["crs"] = "WGS84 (RFC 7946)" };

    /// <summary>Reads a seekable stream (it is read twice and left open).</summary>
    public static Task<ITabularSource> LoadAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (!stream.CanSeek) throw new ArgumentException("The GeoJSON stream must be seekable; it is read twice.", nameof(stream));
        return OpenAsync(() =>
        {
            stream.Position = 0;
            return new JsonArrayStream(stream, ["features"], leaveOpen: true);
        }, cancellationToken);
    }

    public static async Task<ITabularSource> OpenAsync(Func<IJsonObjectCursor> open, CancellationToken cancellationToken, bool swapAxes = false)
    {
        try
        {
            return new GeoJsonErrors(await JsonRecordTabularSource.OpenAsync(open, JsonRowShape.Feature, GeoJsonFacts, cancellationToken, swapAxes));
        }
        catch (JsonSourceFormatException ex)
        {
            throw new GeoJsonFormatException(ex.Message.Replace("The JSON", "The GeoJSON").Replace("/features", "'features'") +
                (ex.Message.Contains("/features") ? " It is not a FeatureCollection." : ""));
        }
    }

    /// <summary>Keeps the GeoJSON wording for errors met while reading rows.</summary>
    private sealed class GeoJsonErrors(ITabularSource inner) : ITabularSource
    {
        public IReadOnlyList<string> Header => inner.Header;
        public IReadOnlyDictionary<string, string> Facts => inner.Facts;

        public async ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
        {
            try { return await inner.ReadAsync(cancellationToken); }
            catch (JsonSourceFormatException ex) { throw new GeoJsonFormatException(ex.Message); }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
