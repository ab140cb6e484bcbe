using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>
/// Writes row values from a data reader straight into OData JSON, without materialising rows. How each
/// database stores booleans and temporal values is the row-table <see cref="IRowFormat"/>'s to know.
/// </summary>
public sealed class RowValueWriter(IRowFormat format, bool ieee754Compatible)
{
    /// <summary>Writes the properties as name/value pairs, reading columns from ordinal 0 in
    /// <see cref="PropertyBinding.SelectColumns"/> order.</summary>
    public void WriteProperties(Utf8JsonWriter json, DbDataReader reader, IReadOnlyList<PropertyBinding> properties, bool fullMetadata = false)
    {
        var ordinal = 0;
        foreach (var property in properties)
        {
            if (fullMetadata && FullMetadata.PropertyTypeName(property) is { } typeName)
                json.WriteString(property.Name + "@odata.type", typeName);
            json.WritePropertyName(property.JsonName);
            WriteValue(json, reader, property, ordinal);
            ordinal += property.Source == PropertySource.Location ? 2 : 1;
        }
    }

    public void WriteValue(Utf8JsonWriter json, DbDataReader reader, PropertyBinding property, int ordinal)
    {
        if (property.Source == PropertySource.Location)
        {
            if (reader.IsDBNull(ordinal) || reader.IsDBNull(ordinal + 1)) json.WriteNullValue();
            else WritePoint(json, reader.GetDouble(ordinal), reader.GetDouble(ordinal + 1));
            return;
        }
        if (reader.IsDBNull(ordinal)) { json.WriteNullValue(); return; }
        switch (property.Type)
        {
            case FieldType.Integer or FieldType.Year:
                var integer = reader.GetInt64(ordinal);
                // IEEE754Compatible clients (JavaScript) lose precision above 2^53, so they get strings.
                if (ieee754Compatible && property.Type == FieldType.Integer) json.WriteStringValue(integer.ToString(CultureInfo.InvariantCulture));
                else json.WriteNumberValue(integer);
                break;
            case FieldType.Number:
                var number = reader.GetDouble(ordinal);
                if (double.IsFinite(number)) json.WriteNumberValue(number);
                else json.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "INF" : "-INF");
                break;
            case FieldType.Decimal:
                // Exact; IEEE754Compatible clients (JavaScript) would round a JSON number, so they get a string.
                var exact = (decimal)format.Read(reader, ordinal, property.Type)!;
                if (ieee754Compatible) json.WriteStringValue(exact.ToString(CultureInfo.InvariantCulture));
                else json.WriteNumberValue(exact);
                break;
            case FieldType.Boolean:
                json.WriteBooleanValue(format.ReadBoolean(reader, ordinal));
                break;
            case FieldType.Geometry:
                WriteGeography(json, (NetTopologySuite.Geometries.Geometry)format.Read(reader, ordinal, property.Type)!);
                break;
            case FieldType.GeoPoint:
                if (TryParsePoint(reader.GetString(ordinal), out var lat, out var lon)) WritePoint(json, lat, lon);
                else json.WriteNullValue();
                break;
            default:
                json.WriteStringValue(format.ReadText(reader, ordinal, property.Type));
                break;
        }
    }

    /// <summary>The plain-text form used by <c>/$value</c>, or null for a null value.</summary>
    public string? RawValue(DbDataReader reader, PropertyBinding property, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return property.Type switch
        {
            FieldType.Integer or FieldType.Year => reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
            FieldType.Number => reader.GetDouble(ordinal) is var d && double.IsFinite(d)
                ? d.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(d) ? "NaN" : d > 0 ? "INF" : "-INF",
            FieldType.Boolean => format.ReadBoolean(reader, ordinal) ? "true" : "false",
            FieldType.Decimal => ((decimal)format.Read(reader, ordinal, property.Type)!).ToString(CultureInfo.InvariantCulture),
            FieldType.Geometry => GeometryText.ToWkt((NetTopologySuite.Geometries.Geometry)format.Read(reader, ordinal, property.Type)!),
            _ => format.ReadText(reader, ordinal, property.Type),
        };
    }

    private static bool TryParsePoint(string text, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        var comma = text.IndexOf(',');
        return comma > 0
            && double.TryParse(text.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            && double.TryParse(text.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude);
    }

    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText PointType = JsonEncodedText.Encode("Point");
    private static readonly JsonEncodedText CoordinatesName = JsonEncodedText.Encode("coordinates");
    private static readonly JsonEncodedText CrsName = JsonEncodedText.Encode("crs");

    /// <summary>The coordinate reference system of every point (WGS 84), serialised once.</summary>
    private static readonly byte[] Wgs84Crs = """{"type":"name","properties":{"name":"EPSG:4326"}}"""u8.ToArray();

    /// <summary>Any geography as GeoJSON with its CRS, as the OData JSON format represents Edm.Geography values;
    /// the vertices as stored.</summary>
    private static void WriteGeography(Utf8JsonWriter json, NetTopologySuite.Geometries.Geometry geometry)
    {
        json.WriteStartObject();
        json.WriteString(TypeName, geometry.GeometryType);
        if (geometry is NetTopologySuite.Geometries.GeometryCollection and not (NetTopologySuite.Geometries.MultiPoint
            or NetTopologySuite.Geometries.MultiLineString or NetTopologySuite.Geometries.MultiPolygon))
        {
            json.WriteStartArray("geometries");
            for (var i = 0; i < geometry.NumGeometries; i++) GeometryText.WriteGeoJson(json, geometry.GetGeometryN(i));
            json.WriteEndArray();
        }
        else
        {
            json.WritePropertyName(CoordinatesName);
            GeometryText.WriteCoordinates(json, geometry);
        }
        json.WritePropertyName(CrsName);
        json.WriteRawValue(Wgs84Crs, skipInputValidation: true);
        json.WriteEndObject();
    }

    /// <summary>GeoJSON point, as the OData JSON format represents Edm.GeographyPoint.</summary>
    private static void WritePoint(Utf8JsonWriter json, double latitude, double longitude)
    {
        json.WriteStartObject();
        json.WriteString(TypeName, PointType);
        json.WriteStartArray(CoordinatesName);
        json.WriteNumberValue(longitude);
        json.WriteNumberValue(latitude);
        json.WriteEndArray();
        json.WritePropertyName(CrsName);
        json.WriteRawValue(Wgs84Crs, skipInputValidation: true);
        json.WriteEndObject();
    }
}
