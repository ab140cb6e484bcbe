using System.Buffers;
using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// The <c>$skiptoken</c> of a next link: the sort-key values of the last row sent, so the next page
/// starts with a keyset condition instead of an OFFSET scan. It names the dataset version it was issued
/// for (the next page is read from that version while it is retained, so a publish in between neither
/// skips nor repeats rows) and the sort order it belongs to (it cannot be replayed against another
/// <c>$orderby</c>).
/// Format: base64url of a JSON array <c>[version, order, value1, value2, ...]</c>.
/// </summary>
public static class KeysetToken
{
    public static string Order(IReadOnlyList<SortKey> keys) =>
        string.Join(',', keys.Select(k => k.Property.Name + (k.Descending ? " desc" : "")));

    /// <summary>Encodes the sort-key values of the reader's current row (columns from <paramref name="firstOrdinal"/> on).</summary>
    public static string Encode(int version, IReadOnlyList<SortKey> keys, DbDataReader reader, int firstOrdinal, IRowFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(version);
            json.WriteStringValue(Order(keys));
            for (var i = 0; i < keys.Count; i++)
                WriteValue(json, reader, firstOrdinal + i, keys[i].Property.Type, format);
            json.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>The dataset version a token was issued for, or fails with 400.</summary>
    public static int VersionOf(string token)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var items = document.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() < 2
                || items[0].ValueKind != JsonValueKind.Number || !items[0].TryGetInt32(out var version) || version < 1)
                throw Invalid();
            return version;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw Invalid();
        }
    }

    /// <summary>Decodes a token into parameter values for the sort keys, or fails with 400.</summary>
    public static object?[] Decode(string token, IReadOnlyList<SortKey> keys, SqlDialectSyntax sql)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var items = document.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != keys.Count + 2
                || items[0].ValueKind != JsonValueKind.Number || items[1].GetString() != Order(keys))
                throw Invalid();
            var values = new object?[keys.Count];
            for (var i = 0; i < keys.Count; i++)
            {
                var type = keys[i].Property.Type;
                values[i] = sql.Encode(ReadValue(items[i + 2], type), Model.EdmModelBuilder.PrimitiveKindOf(type));
            }
            return values;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw Invalid();
        }
    }

    private static ODataRequestException Invalid() => ODataRequestException.BadRequest(
        "Invalid $skiptoken: use the @odata.nextLink of a previous response unchanged.", "$skiptoken");

    private static void WriteValue(Utf8JsonWriter json, DbDataReader reader, int ordinal, FieldType type, IRowFormat format)
    {
        if (reader.IsDBNull(ordinal)) { json.WriteNullValue(); return; }
        switch (type)
        {
            case FieldType.Integer or FieldType.Year: json.WriteNumberValue(reader.GetInt64(ordinal)); break;
            case FieldType.Number: json.WriteStringValue(reader.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture)); break;
            case FieldType.Boolean: json.WriteBooleanValue(format.ReadBoolean(reader, ordinal)); break;
            case FieldType.Decimal: json.WriteStringValue(((decimal)format.Read(reader, ordinal, type)!).ToString(CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(format.ReadText(reader, ordinal, type)); break;
        }
    }

    private static object? ReadValue(JsonElement value, FieldType type)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        return type switch
        {
            FieldType.Integer => value.GetInt64(),
            FieldType.Year => value.GetInt32(),
            FieldType.Number => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            FieldType.Decimal => decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            FieldType.Boolean => value.GetBoolean(),
            FieldType.Date => DateOnly.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            FieldType.DateTime => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            FieldType.Time => TimeOnly.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            _ => value.GetString(),
        };
    }
}
