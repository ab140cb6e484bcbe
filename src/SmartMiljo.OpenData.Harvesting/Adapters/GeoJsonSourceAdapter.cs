using System.Globalization;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>GeoJSON feature collections: one row per feature, properties as columns, the point as
/// <c>latitude</c>/<c>longitude</c> (RFC 7946 coordinates are WGS84 longitude, latitude).</summary>
public sealed class GeoJsonSourceAdapter(SourceFetcher fetcher) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.GeoJson;

    public override async Task<ITabularSource> OpenAsync(FetchResult fetched, HarvestSource source, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(fetched.LocalPath!);
        return await GeoJsonTabularSource.LoadAsync(stream, cancellationToken);
    }
}

public sealed class GeoJsonFormatException(string message) : Exception(message);

public sealed class GeoJsonTabularSource : ITabularSource
{
    public const string LatitudeColumn = "latitude";
    public const string LongitudeColumn = "longitude";

    private readonly JsonDocument _document;
    private readonly JsonElement.ArrayEnumerator _features;
    private long _row;
    private JsonElement.ArrayEnumerator _cursor;

    private GeoJsonTabularSource(JsonDocument document, JsonElement features, IReadOnlyList<string> header)
    {
        _document = document;
        _features = features.EnumerateArray();
        _cursor = _features;
        Header = header;
        Facts = new Dictionary<string, string> { ["format"] = "GeoJSON", ["crs"] = "WGS84 (RFC 7946)" };
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyDictionary<string, string> Facts { get; }

    public static async Task<GeoJsonTabularSource> LoadAsync(Stream stream, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true }, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new GeoJsonFormatException($"The file is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new GeoJsonFormatException("The file is not a GeoJSON FeatureCollection: it has no 'features' array.");
        }
        var header = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features.EnumerateArray())
        {
            if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject())
                    if (seen.Add(p.Name)) header.Add(p.Name);
        }
        foreach (var coordinate in new[] { LatitudeColumn, LongitudeColumn })
            if (seen.Add(coordinate)) header.Add(coordinate);
        return new GeoJsonTabularSource(document, features, header);
    }

    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_cursor.MoveNext()) return ValueTask.FromResult<RawRecord?>(null);
        var feature = _cursor.Current;
        var cells = new string?[Header.Count];
        var latIndex = IndexOf(LatitudeColumn);
        var lonIndex = IndexOf(LongitudeColumn);
        if (feature.ValueKind == JsonValueKind.Object)
        {
            if (feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject())
                    cells[IndexOf(p.Name)] = CellText(p.Value);
            if (TryPoint(feature, out var lon, out var lat))
            {
                cells[latIndex] ??= lat.ToString("R", CultureInfo.InvariantCulture);
                cells[lonIndex] ??= lon.ToString("R", CultureInfo.InvariantCulture);
            }
        }
        for (var i = 0; i < cells.Length; i++) cells[i] ??= "";
        return ValueTask.FromResult<RawRecord?>(new RawRecord(++_row, cells));
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Header.Count; i++) if (Header[i] == name) return i;
        return -1;
    }

    private static string CellText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>A point's coordinates, or the centre of another geometry's first ring/line so that
    /// every feature can still be placed on a map.</summary>
    private static bool TryPoint(JsonElement feature, out double lon, out double lat)
    {
        lon = lat = 0;
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object) return false;
        if (!geometry.TryGetProperty("coordinates", out var coordinates)) return false;
        var type = geometry.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "Point") return TryPair(coordinates, out lon, out lat);
        var positions = new List<(double Lon, double Lat)>();
        Collect(coordinates, positions);
        if (positions.Count == 0) return false;
        lon = positions.Average(p => p.Lon);
        lat = positions.Average(p => p.Lat);
        return true;
    }

    private static void Collect(JsonElement node, List<(double, double)> into)
    {
        if (node.ValueKind != JsonValueKind.Array) return;
        if (TryPair(node, out var lon, out var lat)) { into.Add((lon, lat)); return; }
        foreach (var child in node.EnumerateArray()) Collect(child, into);
    }

    private static bool TryPair(JsonElement node, out double lon, out double lat)
    {
        lon = lat = 0;
        if (node.ValueKind != JsonValueKind.Array || node.GetArrayLength() < 2) return false;
        var a = node[0];
        var b = node[1];
        if (a.ValueKind != JsonValueKind.Number || b.ValueKind != JsonValueKind.Number) return false;
        lon = a.GetDouble();
        lat = b.GetDouble();
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _document.Dispose();
        return ValueTask.CompletedTask;
    }
}
