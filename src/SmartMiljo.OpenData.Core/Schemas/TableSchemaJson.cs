using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartMiljo.OpenData.Core.Schemas;

/// <summary>
/// Reads and writes Frictionless Table Schema JSON. Our additions use the <c>x-</c> prefix
/// (<c>x-title-en</c>, <c>x-description-en</c>, <c>x-aliases</c>, <c>x-source</c>, <c>x-geometry</c>, <c>x-decimal</c>)
/// so other Table Schema tools still read the files.
/// </summary>
public static class TableSchemaJson
{
    public static TableSchema Parse(string json) => Read(JsonNode.Parse(json)?.AsObject()
        ?? throw new FormatException("A table schema must be a JSON object."));

    public static TableSchema Read(JsonObject obj)
    {
        if (obj["fields"] is not JsonArray fieldsArray)
            throw new FormatException("A table schema needs a 'fields' array.");
        var fields = new List<FieldDefinition>();
        foreach (var node in fieldsArray)
        {
            if (node is not JsonObject f) throw new FormatException("Each field must be a JSON object.");
            var name = f["name"]?.GetValue<string>() ?? throw new FormatException("A field has no 'name'.");
            var typeName = f["type"]?.GetValue<string>() ?? "string";
            if (!FieldTypeClr.TryParseTableSchemaName(typeName, out var type))
                throw new FormatException($"Field '{name}' has an unknown type '{typeName}'.");
            // "x-decimal": true makes a number exact; other Table Schema tools still read it as a number.
            if (f["x-decimal"] is JsonValue exact && exact.TryGetValue<bool>(out var isDecimal) && isDecimal)
                type = type == FieldType.Number ? FieldType.Decimal
                    : throw new FormatException($"Field '{name}' has x-decimal, which only a field of type 'number' can have.");
            var c = f["constraints"] as JsonObject;
            fields.Add(new FieldDefinition
            {
                Name = name,
                Type = type,
                Format = Str(f, "format") is { } fmt && fmt != "default" ? fmt : null,
                Title = Str(f, "title"),
                TitleEn = Str(f, "x-title-en"),
                Description = Str(f, "description"),
                DescriptionEn = Str(f, "x-description-en"),
                Aliases = Strings(f["x-aliases"]),
                Source = Str(f, "x-source"),
                Constraints = c is null ? new FieldConstraints() : new FieldConstraints
                {
                    Required = c["required"]?.GetValue<bool>() ?? false,
                    Unique = c["unique"]?.GetValue<bool>() ?? false,
                    Enum = c["enum"] is JsonArray e ? e.Select(x => x?.ToString() ?? "").ToList() : null,
                    Pattern = Str(c, "pattern"),
                    Minimum = Num(c["minimum"]),
                    Maximum = Num(c["maximum"]),
                    MinLength = (int?)Num(c["minLength"]),
                    MaxLength = (int?)Num(c["maxLength"]),
                },
            });
        }
        GeometryMapping? geometry = null;
        if (obj["x-geometry"] is JsonObject g && Str(g, "latitude") is { } lat && Str(g, "longitude") is { } lon)
            geometry = new GeometryMapping(lat, lon);
        var schema = new TableSchema
        {
            Fields = fields,
            PrimaryKey = obj["primaryKey"] switch
            {
                JsonArray a => Strings(a),
                JsonValue v => [v.GetValue<string>()],
                _ => [],
            },
            MissingValues = obj["missingValues"] is JsonArray mv ? Strings(mv) : [""],
            Geometry = geometry,
        };
        foreach (var key in schema.PrimaryKey)
            if (schema.IndexOf(key) < 0) throw new FormatException($"Primary key field '{key}' is not a field.");
        if (geometry is not null && (schema.IndexOf(geometry.LatitudeField) < 0 || schema.IndexOf(geometry.LongitudeField) < 0))
            throw new FormatException("x-geometry names a field that does not exist.");
        return schema;
    }

    public static JsonObject ToJsonObject(TableSchema schema)
    {
        var fields = new JsonArray();
        foreach (var f in schema.Fields)
        {
            var o = new JsonObject { ["name"] = f.Name, ["type"] = FieldTypeClr.TableSchemaName(f.Type) };
            if (f.Type == FieldType.Decimal) o["x-decimal"] = true;
            if (f.Format is not null) o["format"] = f.Format;
            if (f.Title is not null) o["title"] = f.Title;
            if (f.TitleEn is not null) o["x-title-en"] = f.TitleEn;
            if (f.Description is not null) o["description"] = f.Description;
            if (f.DescriptionEn is not null) o["x-description-en"] = f.DescriptionEn;
            if (f.Aliases.Count > 0) o["x-aliases"] = new JsonArray(f.Aliases.Select(a => (JsonNode?)a).ToArray());
            if (f.Source is not null) o["x-source"] = f.Source;
            var c = new JsonObject();
            var k = f.Constraints;
            if (k.Required) c["required"] = true;
            if (k.Unique) c["unique"] = true;
            if (k.Enum is not null) c["enum"] = new JsonArray(k.Enum.Select(a => (JsonNode?)a).ToArray());
            if (k.Pattern is not null) c["pattern"] = k.Pattern;
            if (k.Minimum is not null) c["minimum"] = k.Minimum;
            if (k.Maximum is not null) c["maximum"] = k.Maximum;
            if (k.MinLength is not null) c["minLength"] = k.MinLength;
            if (k.MaxLength is not null) c["maxLength"] = k.MaxLength;
            if (c.Count > 0) o["constraints"] = c;
            fields.Add(o);
        }
        var obj = new JsonObject { ["fields"] = fields };
        if (schema.PrimaryKey.Count > 0) obj["primaryKey"] = new JsonArray(schema.PrimaryKey.Select(a => (JsonNode?)a).ToArray());
        if (!(schema.MissingValues.Count == 1 && schema.MissingValues[0] == ""))
            obj["missingValues"] = new JsonArray(schema.MissingValues.Select(a => (JsonNode?)a).ToArray());
        if (schema.Geometry is { } g)
            obj["x-geometry"] = new JsonObject { ["latitude"] = g.LatitudeField, ["longitude"] = g.LongitudeField };
        return obj;
    }

    public static string Serialize(TableSchema schema, bool indented = false) =>
        ToJsonObject(schema).ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    private static double? Num(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : n is JsonValue s && double.TryParse(s.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;

    private static IReadOnlyList<string> Strings(JsonNode? n) =>
        n is JsonArray a ? a.Select(x => x?.ToString() ?? "").ToList() : [];
}
