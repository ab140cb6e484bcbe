using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.OData;
using Microsoft.OData.Edm;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>
/// The control information <c>odata.metadata=full</c> adds: each entity's type, id and read link, and the type
/// of every property whose JSON value does not tell it (everything but strings, booleans, doubles and 32-bit
/// integers). The service is read-only, so there are no edit links.
/// </summary>
public static class FullMetadata
{
    private static readonly JsonEncodedText TypeAnnotation = JsonEncodedText.Encode("@odata.type");
    private static readonly JsonEncodedText IdAnnotation = JsonEncodedText.Encode("@odata.id");
    private static readonly JsonEncodedText ReadLinkAnnotation = JsonEncodedText.Encode("@odata.readLink");

    /// <summary>The type annotation of a property's value (<c>name@odata.type</c>), or null when JSON itself tells the type.</summary>
    public static string? PropertyTypeName(PropertyBinding property)
    {
        if (property.Source == PropertySource.Location) return "#GeographyPoint";
        return EdmModelBuilder.PrimitiveKindOf(property.Type) switch
        {
            EdmPrimitiveTypeKind.String or EdmPrimitiveTypeKind.Boolean or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Int32 => null,
            var kind => "#" + kind,
        };
    }

    /// <summary>Writes <c>@odata.type</c>, <c>@odata.id</c> and <c>@odata.readLink</c> of one entity.</summary>
    public static void WriteEntityAnnotations(Utf8JsonWriter json, string serviceRoot, EntitySetBinding set, string keyLiteral)
    {
        json.WriteString(TypeAnnotation, "#" + set.EntityType.FullName());
        var id = serviceRoot + set.Name + "(" + keyLiteral + ")";
        json.WriteString(IdAnnotation, id);
        json.WriteString(ReadLinkAnnotation, id);
    }

    /// <summary>The key of the reader's current row as it appears in a URL: <c>5</c>, <c>'B1'</c> or <c>a=1,b='x'</c>.</summary>
    public static string KeyLiteral(EntitySetBinding set, DbDataReader reader, int firstOrdinal, IRowFormat format)
    {
        if (set.Key.Count == 1) return Literal(set.Key[0], reader, firstOrdinal, format);
        var text = new StringBuilder();
        for (var i = 0; i < set.Key.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(set.Key[i].Name).Append('=').Append(Literal(set.Key[i], reader, firstOrdinal + i, format));
        }
        return text.ToString();
    }

    private static string Literal(PropertyBinding key, DbDataReader reader, int ordinal, IRowFormat format)
    {
        if (reader.IsDBNull(ordinal)) return "null"; // keys are required; a null here would be a damaged table
        var literal = key.Type switch
        {
            FieldType.Integer or FieldType.Year => reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
            FieldType.Number => reader.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture),
            FieldType.Boolean => format.ReadBoolean(reader, ordinal) ? "true" : "false",
            FieldType.Decimal => ((decimal)format.Read(reader, ordinal, key.Type)!).ToString(CultureInfo.InvariantCulture),
            FieldType.String => "'" + reader.GetString(ordinal).Replace("'", "''") + "'",
            _ => format.ReadText(reader, ordinal, key.Type), // dates and times: their ISO text is the URL literal
        };
        return Uri.EscapeDataString(literal).Replace("%27", "'").Replace("%2C", ",");
    }

    /// <summary>A key segment's values as a URL literal, for single-entity responses.</summary>
    public static string KeyLiteral(Microsoft.OData.UriParser.KeySegment key)
    {
        var keys = key.Keys.ToList();
        if (keys.Count == 1) return ODataUriUtils.ConvertToUriLiteral(keys[0].Value, ODataVersion.V4);
        var text = new StringBuilder();
        foreach (var (name, value) in keys)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(name).Append('=').Append(ODataUriUtils.ConvertToUriLiteral(value, ODataVersion.V4));
        }
        return text.ToString();
    }
}
