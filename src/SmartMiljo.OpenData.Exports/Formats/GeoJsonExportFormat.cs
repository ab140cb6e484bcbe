using System.Text.Json;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// RFC 7946 FeatureCollection: one Feature per row, its geometry from the first geometry field exactly as stored
/// (lines, areas, Multi forms: same vertices, same order) or else a Point in WGS84 [longitude, latitude]
/// (RFC 7946 has no "crs" member: WGS84 is implied), all other fields as properties. Rows without
/// usable coordinates keep their place as features with a null geometry, as RFC 7946 allows.
/// </summary>
public sealed class GeoJsonExportFormat : IExportFormat
{
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");

    public string Key => "geojson";
    public string Extension => "geojson";
    public string MediaType => "application/geo+json";

    public bool Applies(TableLayout layout) => RowGeometry.For(layout) is not null;

    public async Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var schema = context.Layout.Schema;
        var geometry = RowGeometry.For(context.Layout)
            ?? throw new InvalidOperationException("GeoJSON needs a schema with coordinates (x-geometry or a geopoint field).");
        var names = JsonCells.PropertyNames(schema);
        var idIndex = schema.PrimaryKey.Count == 1 ? schema.IndexOf(schema.PrimaryKey[0]) : -1;

        await using var writer = new Utf8JsonWriter(output, JsonCells.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString(TypeName, "FeatureCollection");
        writer.WriteStartArray("features");

        await foreach (var row in rows.WithCancellation(ct))
        {
            RowShape.Check(row, names.Length);
            writer.WriteStartObject();
            writer.WriteString(TypeName, "Feature");
            if (idIndex >= 0) WriteId(writer, row[idIndex]);
            if (geometry.ShapeIndex < 0) WriteGeometry(writer, geometry.PointOf(row));
            else if (geometry.ShapeOf(row) is { } shape)
            {
                writer.WritePropertyName("geometry");
                GeometryText.WriteGeoJson(writer, shape);
            }
            else writer.WriteNull("geometry");
            writer.WriteStartObject("properties");
            for (var i = 0; i < names.Length; i++)
            {
                if (i == geometry.ShapeIndex) continue; // it is the feature's geometry
                writer.WritePropertyName(names[i]);
                JsonCells.WriteValue(writer, row[i], schema.Fields[i]);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            if (writer.BytesPending >= JsonCells.FlushThresholdBytes) await writer.FlushAsync(ct);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    /// <summary>RFC 7946 3.2: a feature identifier is a string or a number.</summary>
    private static void WriteId(Utf8JsonWriter writer, object? key)
    {
        switch (key)
        {
            case string s: writer.WriteString("id", s); break;
            case long l: writer.WriteNumber("id", l); break;
            case int i: writer.WriteNumber("id", i); break;
        }
    }

    private static void WriteGeometry(Utf8JsonWriter writer, Core.Schemas.GeoPoint? point)
    {
        if (point is not { } p)
        {
            writer.WriteNull("geometry");
            return;
        }
        writer.WriteStartObject("geometry");
        writer.WriteString(TypeName, "Point");
        writer.WriteStartArray("coordinates");
        writer.WriteNumberValue(p.Longitude);
        writer.WriteNumberValue(p.Latitude);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
