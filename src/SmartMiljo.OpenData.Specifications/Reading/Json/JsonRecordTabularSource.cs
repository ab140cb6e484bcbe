using System.Globalization;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Reading.Json;

/// <summary>How an object of the stream becomes a row.</summary>
public enum JsonRowShape
{
    /// <summary>A flat record: its properties are the columns.</summary>
    Record,

    /// <summary>A GeoJSON feature: its properties plus <c>latitude</c>/<c>longitude</c> of a point, and, when any feature
    /// of the file is not a point, a <c>geometry</c> column holding each feature's geometry as GeoJSON, exactly.</summary>
    Feature,
}

/// <summary>
/// A table over a stream of JSON objects, read twice: once for the header (the union of property names,
/// in order of first appearance) and once for the rows. Neither pass holds more than one object.
/// </summary>
public sealed class JsonRecordTabularSource : ITabularSource
{
    public const string LatitudeColumn = "latitude";
    public const string LongitudeColumn = "longitude";
    public const string GeometryColumn = "geometry";

    private readonly Func<IJsonObjectCursor> _open;
    private readonly JsonRowShape _shape;
    private readonly Dictionary<string, int> _index;
    private readonly bool _swapAxes;
    private IJsonObjectCursor? _cursor;
    private long _row;

    private readonly bool _shapes;

    private JsonRecordTabularSource(Func<IJsonObjectCursor> open, JsonRowShape shape, List<string> header, bool swapAxes,
        IReadOnlyDictionary<string, string> facts, bool shapes = false)
    {
        _shapes = shapes;
        _open = open;
        _shape = shape;
        _swapAxes = swapAxes;
        Header = header;
        Facts = facts;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++) _index.TryAdd(header[i], i);
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyDictionary<string, string> Facts { get; }

    /// <param name="open">Opens a fresh cursor over the same objects (called twice).</param>
    /// <param name="swapAxes">Coordinates are latitude, longitude (e.g. EPSG:4326 in WFS axis order) rather than GeoJSON's longitude, latitude.</param>
    public static async Task<JsonRecordTabularSource> OpenAsync(Func<IJsonObjectCursor> open, JsonRowShape shape,
        IReadOnlyDictionary<string, string> facts, CancellationToken cancellationToken, bool swapAxes = false)
    {
        var header = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shapes = false;
        await using (var cursor = open())
        {
            while (await cursor.NextAsync(cancellationToken) is { } item)
            {
                foreach (var p in Columns(item, shape))
                    if (seen.Add(p.Name)) header.Add(p.Name);
                shapes |= shape == JsonRowShape.Feature && GeometryType(item) is { } type && type != "Point";
            }
        }
        if (shape == JsonRowShape.Feature)
            foreach (var coordinate in new[] { LatitudeColumn, LongitudeColumn })
                if (seen.Add(coordinate)) header.Add(coordinate);
        // Lines and areas keep their geometry: a column of its own rather than a point in their middle.
        if (shapes && seen.Add(GeometryColumn)) header.Add(GeometryColumn);
        return new JsonRecordTabularSource(open, shape, header, swapAxes, facts, shapes);
    }

    private static IEnumerable<JsonProperty> Columns(JsonElement item, JsonRowShape shape)
    {
        if (item.ValueKind != JsonValueKind.Object) return [];
        if (shape == JsonRowShape.Record) return item.EnumerateObject();
        return item.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object ? props.EnumerateObject() : [];
    }

    public async ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        _cursor ??= _open();
        if (await _cursor.NextAsync(cancellationToken) is not { } item) return null;
        var cells = new string?[Header.Count];
        foreach (var p in Columns(item, _shape))
            if (_index.TryGetValue(p.Name, out var i)) cells[i] = CellText(p.Value);
        if (_shapes && item.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object)
            cells[_index[GeometryColumn]] ??= _swapAxes ? SwappedGeometry(geometry) : geometry.GetRawText();
        // (0, 0) is a placeholder some GIS exports use for "unknown"; it is never a Swedish place.
        if (_shape == JsonRowShape.Feature && TryPoint(item, out var lon, out var lat) && !(lon == 0 && lat == 0))
        {
            if (_swapAxes) (lon, lat) = (lat, lon);
            cells[_index[LatitudeColumn]] ??= lat.ToString("R", CultureInfo.InvariantCulture);
            cells[_index[LongitudeColumn]] ??= lon.ToString("R", CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < cells.Length; i++) cells[i] ??= "";
        return new RawRecord(++_row, cells);
    }

    private static string CellText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static string? GeometryType(JsonElement feature) =>
        feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
        && geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    /// <summary>A point's coordinates. Other geometries have none here: they are kept whole in <see cref="GeometryColumn"/>.</summary>
    private static bool TryPoint(JsonElement feature, out double lon, out double lat)
    {
        lon = lat = 0;
        if (GeometryType(feature) != "Point" || !feature.GetProperty("geometry").TryGetProperty("coordinates", out var coordinates)) return false;
        return TryPair(coordinates, out lon, out lat);
    }

    /// <summary>The geometry with each position's first two numbers swapped (sources in latitude, longitude order).</summary>
    private static string SwappedGeometry(JsonElement geometry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) CopySwapped(writer, geometry);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void CopySwapped(Utf8JsonWriter writer, JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in node.EnumerateObject()) { writer.WritePropertyName(p.Name); CopySwapped(writer, p.Value); }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array when TryPair(node, out var a, out var b):
                writer.WriteStartArray();
                writer.WriteNumberValue(b);
                writer.WriteNumberValue(a);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var child in node.EnumerateArray()) CopySwapped(writer, child);
                writer.WriteEndArray();
                break;
            default: node.WriteTo(writer); break;
        }
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

    public async ValueTask DisposeAsync()
    {
        if (_cursor is not null) await _cursor.DisposeAsync();
    }
}
