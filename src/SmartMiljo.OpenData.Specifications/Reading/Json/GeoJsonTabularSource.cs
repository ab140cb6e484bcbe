using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Reading.Json;

/// <summary>The file is not a GeoJSON FeatureCollection this platform reads. The English message says
/// exactly what is wrong (it names JSON paths); the Swedish one says it in general words.</summary>
public sealed class GeoJsonFormatException(string message) : TabularReadException(Validation.IssueCodes.FormatError,
    "Filen kunde inte läsas som GeoJSON (en FeatureCollection av punkter).", message,
    "Kontrollera att filen är en GeoJSON FeatureCollection med koordinater i WGS84.",
    "Check that the file is a GeoJSON FeatureCollection with WGS84 coordinates.");

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
