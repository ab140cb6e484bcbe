using System.Text.Encodings.Web;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>Shared JSON conventions of the JSON and GeoJSON downloads.</summary>
internal static class JsonCells
{
    /// <summary>Bytes buffered by the writer before they are pushed to the output stream.</summary>
    public const int FlushThresholdBytes = 64 * 1024;

    /// <summary>Readable Swedish text (å, ä, ö stay literal, valid UTF-8 JSON) and no indentation.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>Property names encoded once, not per row.</summary>
    public static JsonEncodedText[] PropertyNames(TableSchema schema) =>
        schema.Fields.Select(f => JsonEncodedText.Encode(f.Name, WriterOptions.Encoder)).ToArray();

    /// <summary>
    /// Native JSON types where they exist. Integers are written exactly even beyond 2^53 (JSON
    /// allows it; clients that need them exactly can parse them as such). Non-finite numbers have
    /// no JSON form and become null. Dates and times are RFC 3339 strings.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, FieldDefinition field)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double: writer.WriteNullValue(); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case GeoPoint p:
                writer.WriteStartArray();
                writer.WriteNumberValue(p.Longitude);
                writer.WriteNumberValue(p.Latitude);
                writer.WriteEndArray();
                break;
            case NetTopologySuite.Geometries.Geometry g: GeometryText.WriteGeoJson(writer, g); break;
            default: writer.WriteStringValue(CellText.Format(value, field)); break;
        }
    }
}
