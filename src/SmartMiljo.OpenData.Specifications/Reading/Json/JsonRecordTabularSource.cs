using System.Globalization;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Reading.Json;

/// <summary>How an object of the stream becomes a row.</summary>
public enum JsonRowShape
{
    /// <summary>A record: its properties are the columns, a nested object's properties too, named by their path
    /// (<c>adress.gata</c>); arrays stay JSON text unless the source unrolls one (see <see cref="JsonRecordTabularSource.OpenAsync"/>).</summary>
    Record,

    /// <summary>A GeoJSON feature: its properties plus <c>latitude</c>/<c>longitude</c> of a point, and, when any feature
    /// of the file is not a point, a <c>geometry</c> column holding each feature's geometry as GeoJSON, exactly.</summary>
    Feature,
}

/// <summary>
/// A table over a stream of JSON objects, read twice: once for the header (the union of property names,
/// in order of first appearance) and once for the rows. Neither pass holds more than one object.
/// Records are flattened: <c>{"adress":{"gata":"Storgatan 1"}}</c> gives the column <c>adress.gata</c>. An array of
/// records the source names (<c>unroll</c>, e.g. <c>/tider</c>) becomes one row per element, the record's other
/// columns repeated on each (a record whose array is empty keeps one row, nothing is dropped). What was flattened and
/// unrolled is told in the report's facts (<see cref="NestedColumnsFact"/>, <see cref="UnrolledFact"/>).
/// </summary>
public sealed class JsonRecordTabularSource : ITabularSource
{
    public const string LatitudeColumn = "latitude";
    public const string LongitudeColumn = "longitude";
    public const string GeometryColumn = "geometry";

    /// <summary>Fact: the columns read from nested objects, each with its JSON path.</summary>
    public const string NestedColumnsFact = "nestedColumns";

    /// <summary>Fact: the array unrolled into rows, and how many records became how many rows.</summary>
    public const string UnrolledFact = "unrolled";

    /// <summary>Between the parts of a nested column's name.</summary>
    public const char PathSeparator = '.';

    private readonly IReadOnlyList<string>? _unroll;
    private readonly Dictionary<string, string> _facts;
    private readonly Queue<string?[]> _pending = new();
    private long _records;
    private readonly Func<IJsonObjectCursor> _open;
    private readonly JsonRowShape _shape;
    private readonly Dictionary<string, int> _index;
    private readonly bool _swapAxes;
    private IJsonObjectCursor? _cursor;
    private long _row;

    private readonly bool _shapes;

    private JsonRecordTabularSource(Func<IJsonObjectCursor> open, JsonRowShape shape, List<string> header, bool swapAxes,
        Dictionary<string, string> facts, bool shapes = false, IReadOnlyList<string>? unroll = null)
    {
        _unroll = unroll;
        _shapes = shapes;
        _open = open;
        _shape = shape;
        _swapAxes = swapAxes;
        Header = header;
        _facts = facts;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++) _index.TryAdd(header[i], i);
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyDictionary<string, string> Facts => _facts;

    /// <param name="open">Opens a fresh cursor over the same objects (called twice).</param>
    /// <param name="swapAxes">Coordinates are latitude, longitude (e.g. EPSG:4326 in WFS axis order) rather than GeoJSON's longitude, latitude.</param>
    /// <param name="unroll">Records: the path (JSON pointer segments, relative to each record) of an array whose elements
    /// each become a row; null to keep one row per record.</param>
    public static async Task<JsonRecordTabularSource> OpenAsync(Func<IJsonObjectCursor> open, JsonRowShape shape,
        IReadOnlyDictionary<string, string> facts, CancellationToken cancellationToken, bool swapAxes = false,
        IReadOnlyList<string>? unroll = null)
    {
        var header = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nested = new List<string>();
        var shapes = false;
        unroll = shape == JsonRowShape.Record && unroll is { Count: > 0 } ? unroll : null;
        await using (var cursor = open())
        {
            while (await cursor.NextAsync(cancellationToken) is { } item)
            {
                foreach (var row in Rows(item, shape, unroll))
                    foreach (var p in row)
                        if (seen.Add(p.Name))
                        {
                            header.Add(p.Name);
                            if (p.Name.Contains(PathSeparator) && !item.TryGetProperty(p.Name, out _)) nested.Add(p.Name);
                        }
                shapes |= shape == JsonRowShape.Feature && GeometryType(item) is { } type && type != "Point";
            }
        }
        var allFacts = new Dictionary<string, string>(facts, StringComparer.Ordinal);
        if (nested.Count > 0)
            allFacts[NestedColumnsFact] = string.Join(", ", nested.Take(50).Select(n => $"{n} ← /{n.Replace(PathSeparator, '/')}"))
                                          + (nested.Count > 50 ? $" (+{nested.Count - 50})" : "");
        if (shape == JsonRowShape.Feature)
            foreach (var coordinate in new[] { LatitudeColumn, LongitudeColumn })
                if (seen.Add(coordinate)) header.Add(coordinate);
        // Lines and areas keep their geometry: a column of its own rather than a point in their middle.
        if (shapes && seen.Add(GeometryColumn)) header.Add(GeometryColumn);
        return new JsonRecordTabularSource(open, shape, header, swapAxes, allFacts, shapes, unroll);
    }

    /// <summary>The rows an object gives, each as its (column, value) pairs: a feature's properties; a record's values
    /// by path, once, or once per element of the unrolled array.</summary>
    private static IEnumerable<List<(string Name, JsonElement Value)>> Rows(JsonElement item, JsonRowShape shape, IReadOnlyList<string>? unroll)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            yield return []; // a row of empty cells, which validation reports, rather than nothing
            yield break;
        }
        if (shape == JsonRowShape.Feature)
        {
            yield return item.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
                ? props.EnumerateObject().Select(p => (p.Name, p.Value)).ToList() : [];
            yield break;
        }
        var columns = new List<(string, JsonElement)>();
        JsonElement? array = null;
        Flatten(item, "", unroll, 0, columns, ref array);
        if (array is not { } elements || elements.GetArrayLength() == 0)
        {
            yield return columns;
            yield break;
        }
        var prefix = string.Join(PathSeparator, unroll!);
        foreach (var element in elements.EnumerateArray())
        {
            var row = new List<(string, JsonElement)>(columns);
            JsonElement? none = null;
            if (element.ValueKind == JsonValueKind.Object) Flatten(element, prefix + PathSeparator, null, 0, row, ref none);
            else row.Add((prefix, element));
            yield return row;
        }
    }

    /// <summary>An object's values by path; the array at <paramref name="unroll"/> (the remaining path) is set aside.</summary>
    private static void Flatten(JsonElement node, string prefix, IReadOnlyList<string>? unroll, int depth, List<(string, JsonElement)> columns, ref JsonElement? array)
    {
        foreach (var p in node.EnumerateObject())
        {
            var name = prefix + p.Name;
            var onPath = unroll is not null && depth < unroll.Count && string.Equals(unroll[depth], p.Name, StringComparison.Ordinal);
            if (onPath && depth == unroll!.Count - 1 && p.Value.ValueKind == JsonValueKind.Array)
            {
                array = p.Value;
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().Any())
                Flatten(p.Value, name + PathSeparator, onPath ? unroll : null, depth + 1, columns, ref array);
            else columns.Add((name, p.Value));
        }
    }

    public async ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.TryDequeue(out var ready)) return new RawRecord(++_row, ready);
        _cursor ??= _open();
        if (await _cursor.NextAsync(cancellationToken) is not { } item)
        {
            var rowsRead = _row;
            if (_unroll is not null) _facts[UnrolledFact] = FormattableString.Invariant($"/{string.Join('/', _unroll)}: {_records} records, {rowsRead} rows");
            return null;
        }
        _records++;
        if (_shape == JsonRowShape.Record)
        {
            foreach (var row in Rows(item, _shape, _unroll))
            {
                var values = new string?[Header.Count];
                foreach (var (name, value) in row)
                    if (_index.TryGetValue(name, out var i)) values[i] = CellText(value);
                for (var i = 0; i < values.Length; i++) values[i] ??= "";
                _pending.Enqueue(values);
            }
            return _pending.TryDequeue(out var first) ? new RawRecord(++_row, first) : await ReadAsync(cancellationToken);
        }
        var cells = new string?[Header.Count];
        foreach (var (name, value) in Rows(item, _shape, null).SelectMany(r => r))
            if (_index.TryGetValue(name, out var i)) cells[i] = CellText(value);
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
