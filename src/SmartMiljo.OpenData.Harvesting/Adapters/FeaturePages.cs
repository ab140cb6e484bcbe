using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Reading.Gml;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// Turns one fetched page of a map service (WFS GML or GeoJSON, ArcGIS JSON or GeoJSON) into GeoJSON feature lines in
/// WGS84 longitude, latitude: the one form the work file holds. A feature whose geometry cannot be read keeps its
/// properties and says why in <see cref="GeometryProblemColumn"/>, so it costs only its own row.
/// </summary>
internal static class FeaturePages
{
    /// <summary>The column that says, for a feature whose geometry could not be read, why.</summary>
    public const string GeometryProblemColumn = "geometry_problem";

    /// <summary>The id the service gave a feature (gml:id), kept as a column as GDAL does.</summary>
    public const string GmlIdColumn = "gml_id";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>True when the page is XML (GML or an exception report) rather than JSON, whatever its content type said.</summary>
    public static bool IsXml(string pagePath)
    {
        using var stream = File.OpenRead(pagePath);
        Span<byte> head = stackalloc byte[64];
        var read = stream.Read(head);
        foreach (var b in head[..read])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
            return b == (byte)'<';
        }
        return false;
    }

    public static long? GmlNumberMatched(string pagePath)
    {
        using var reader = new GmlFeatureReader(File.OpenRead(pagePath), null);
        reader.Open();
        return reader.NumberMatched;
    }

    public static async Task<int> CopyGmlAsync(string pagePath, PagedJsonSourceAdapter.RecordLinesWriter lines, string srsName, CancellationToken cancellationToken)
    {
        using var reader = new GmlFeatureReader(File.OpenRead(pagePath), srsName);
        var records = 0;
        try
        {
            while (reader.Next() is { } feature)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var properties = new List<KeyValuePair<string, string?>>(feature.Properties.Count + 2);
                if (feature.Id is not null) properties.Add(new(GmlIdColumn, feature.Id));
                properties.AddRange(feature.Properties);
                if (feature.GeometryProblem is not null) properties.Add(new(GeometryProblemColumn, feature.GeometryProblem));
                await lines.WriteAsync(FeatureLine(w =>
                {
                    w.WriteStartObject();
                    foreach (var (name, value) in properties)
                        if (value is null) w.WriteNull(name);
                        else w.WriteString(name, value);
                    w.WriteEndObject();
                }, feature.Geometry), cancellationToken);
                records++;
            }
        }
        catch (GmlFormatException ex)
        {
            throw new FetchException(ex.Message);
        }
        return records;
    }

    /// <summary>GeoJSON features copied as they are when they are WGS84 longitude, latitude; otherwise each geometry is converted.</summary>
    public static async Task<int> CopyGeoJsonAsync(string pagePath, PagedJsonSourceAdapter.RecordLinesWriter lines, SourceCrs crs, CancellationToken cancellationToken)
    {
        var records = 0;
        await using var cursor = new JsonArrayStream(File.OpenRead(pagePath), ["features"]);
        while (await cursor.NextAsync(cancellationToken) is { } feature)
        {
            records++;
            if (crs.IsLongitudeLatitude || feature.ValueKind != JsonValueKind.Object
                || !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
            {
                await lines.WriteAsync(System.Text.Encoding.UTF8.GetBytes(feature.GetRawText()), cancellationToken);
                continue;
            }
            var read = GeometryText.FromGeoJson(geometry);
            var properties = feature.TryGetProperty("properties", out var p) ? p : default;
            await lines.WriteAsync(FeatureLine(w => CopyProperties(w, properties, read is null ? "The geometry is not GeoJSON." : null),
                read is null ? null : crs.ToWgs84(read)), cancellationToken);
        }
        return records;
    }

    /// <summary>An ArcGIS query page: GeoJSON (always WGS84) or Esri JSON in the answer's spatial reference. An error
    /// object sent with status 200, as ArcGIS does, stops the harvest with the server's own words.</summary>
    public static async Task<int> CopyArcGisAsync(string pagePath, PagedJsonSourceAdapter.RecordLinesWriter lines, CancellationToken cancellationToken)
    {
        var (crs, dateFields) = ArcGisPageFacts(pagePath);
        var records = 0;
        await using var cursor = new JsonArrayStream(File.OpenRead(pagePath), ["features"]);
        while (await cursor.NextAsync(cancellationToken) is { } feature)
        {
            records++;
            if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("attributes", out var attributes))
            {
                await lines.WriteAsync(System.Text.Encoding.UTF8.GetBytes(feature.GetRawText()), cancellationToken);
                continue;
            }
            Geometry? geometry = null;
            string? problem = null;
            if (feature.TryGetProperty("geometry", out var esri) && esri.ValueKind == JsonValueKind.Object)
            {
                if (crs is null) problem = "The answer names no spatial reference this platform converts (SWEREF 99, RT 90, Web Mercator or WGS84).";
                else
                {
                    try { geometry = EsriJsonGeometry.Read(esri, crs); }
                    catch (EsriGeometryException ex) { problem = ex.Message; }
                }
            }
            await lines.WriteAsync(FeatureLine(w => CopyProperties(w, attributes, problem, dateFields), geometry), cancellationToken);
        }
        return records;
    }

    private static (SourceCrs? Crs, HashSet<string> DateFields) ArcGisPageFacts(string pagePath)
    {
        using var stream = File.OpenRead(pagePath);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
        {
            var message = error.TryGetProperty("message", out var m) ? m.ToString() : error.GetRawText();
            var details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array ? " " + string.Join(" ", d.EnumerateArray()) : "";
            throw new FetchException($"The ArcGIS server answered with an error: {message}{details}");
        }
        var dates = new HashSet<string>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
            foreach (var field in fields.EnumerateArray())
                if (field.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "esriFieldTypeDate"
                    && field.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    dates.Add(name.GetString()!);
        SourceCrs? crs = SourceCrs.Crs84();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("spatialReference", out var reference) && reference.ValueKind == JsonValueKind.Object)
        {
            int? wkid = reference.TryGetProperty("latestWkid", out var latest) && latest.TryGetInt32(out var l) ? l
                : reference.TryGetProperty("wkid", out var w) && w.TryGetInt32(out var k) ? k : null;
            crs = wkid is { } code ? SourceCrs.FromWkid(code) : null;
        }
        return (crs, dates);
    }

    private static void CopyProperties(Utf8JsonWriter writer, JsonElement properties, string? problem, HashSet<string>? dateFields = null)
    {
        writer.WriteStartObject();
        if (properties.ValueKind == JsonValueKind.Object)
            foreach (var property in properties.EnumerateObject())
            {
                // ArcGIS dates are milliseconds since 1970 (UTC); written as a date-time, they are read as one.
                if (dateFields is not null && dateFields.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Number
                    && property.Value.TryGetInt64(out var ms) && ms is > -62_135_596_800_000 and < 253_402_300_799_000)
                    writer.WriteString(property.Name, DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("o", CultureInfo.InvariantCulture));
                else property.WriteTo(writer);
            }
        if (problem is not null) writer.WriteString(GeometryProblemColumn, problem);
        writer.WriteEndObject();
    }

    private static byte[] FeatureLine(Action<Utf8JsonWriter> writeProperties, Geometry? geometry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WritePropertyName("properties");
            writeProperties(writer);
            writer.WritePropertyName("geometry");
            if (geometry is null) writer.WriteNullValue();
            else GeometryText.WriteGeoJson(writer, geometry);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
