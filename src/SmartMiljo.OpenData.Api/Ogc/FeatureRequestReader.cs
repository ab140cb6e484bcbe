using System.Globalization;
using Microsoft.AspNetCore.Http;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// Reads the query of an items request: <c>limit</c>, <c>bbox</c> (CRS84), <c>cursor</c> and one equality per
/// queryable property (Part 3). Any other parameter is refused with 400, as Part 1 requires, so a misspelt
/// filter never silently returns everything.
/// </summary>
public static class FeatureRequestReader
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 10_000;
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>Parameters with a meaning of their own (not property filters).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "f", "limit", "bbox", "bbox-crs", "cursor", "datetime" };

    public static FeatureRequest Read(IQueryCollection query, FeatureCollection collection, SqlDialectSyntax sql)
    {
        var limit = DefaultLimit;
        if (Single(query, "limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
                throw OgcException.BadRequest($"limit is a whole number from 1 to {MaxLimit}.", "limit");
            limit = Math.Min(limit, MaxLimit); // larger asks get the largest page, as the standard says
        }

        LonLatBox? box = null;
        if (Single(query, "bbox-crs") is { } crs && crs != Crs84)
            throw OgcException.BadRequest($"bbox-crs: only {Crs84} (longitude, latitude in WGS 84) is supported.", "bbox-crs");
        if (Single(query, "bbox") is { } bboxText)
        {
            box = LonLatBox.TryParse(bboxText, out var problem);
            if (box is null) throw OgcException.BadRequest(problem!, "bbox");
        }

        if (query.ContainsKey("datetime"))
            throw OgcException.BadRequest("datetime is not supported: the collections have no temporal extent. Filter on a date property instead.", "datetime");

        long? after = null;
        if (Single(query, "cursor") is { } cursor)
            after = FeatureCursor.Decode(cursor, collection);

        var equals = new List<(PropertyBinding, object?)>();
        foreach (var (name, values) in query)
        {
            if (Reserved.Contains(name)) continue;
            var property = collection.FindProperty(name)
                ?? throw OgcException.BadRequest(
                    $"Unknown parameter '{name}'. Filter on the queryables of the collection ({string.Join(", ", collection.Properties.Select(p => p.Name))}), "
                    + "or use limit, bbox, bbox-crs or f.", name);
            if (values.Count != 1) throw OgcException.BadRequest($"'{name}' is given more than once.", name);
            equals.Add((property, sql.Encode(Parse(values.ToString(), property), EdmModelBuilder.PrimitiveKindOf(property.Type))));
        }
        return new FeatureRequest(box, equals, after, limit);
    }

    /// <summary>A feature id from the path, typed as the identifier column stores it; null when it cannot be one.</summary>
    public static object? ParseId(string text, FeatureCollection collection, SqlDialectSyntax sql)
    {
        try
        {
            return sql.Encode(Parse(text, collection.Identifier), EdmModelBuilder.PrimitiveKindOf(collection.Identifier.Type));
        }
        catch (OgcException)
        {
            return null;
        }
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count != 1) throw OgcException.BadRequest($"'{name}' is given more than once.", name);
        return values.ToString();
    }

    /// <summary>The value a property filter compares with, typed as the column is.</summary>
    private static object Parse(string text, PropertyBinding property)
    {
        var c = CultureInfo.InvariantCulture;
        object? value = property.Type switch
        {
            FieldType.String => text,
            FieldType.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var l) ? l : null,
            FieldType.Year => int.TryParse(text, NumberStyles.AllowLeadingSign, c, out var y) ? y : null,
            FieldType.Number => double.TryParse(text, NumberStyles.Float, c, out var d) && double.IsFinite(d) ? d : null,
            FieldType.Decimal => Core.Tabular.ExactDecimal.TryParse(text, out var m) ? m : null,
            FieldType.Boolean => text switch { "true" => true, "false" => false, _ => null },
            FieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", c, DateTimeStyles.None, out var date) ? date : null,
            FieldType.DateTime => DateTimeOffset.TryParse(text, c, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            FieldType.Time => TimeOnly.TryParse(text, c, DateTimeStyles.None, out var t) ? t : null,
            _ => null,
        };
        return value ?? throw OgcException.BadRequest(
            $"'{text}' is not a valid value of '{property.Name}' ({TypeText(property.Type)}).", property.Name);
    }

    public static string TypeText(FieldType type) => type switch
    {
        FieldType.Integer => "a whole number",
        FieldType.Year => "a year, e.g. 2024",
        FieldType.Number => "a number with a decimal point, e.g. 12.5",
        FieldType.Decimal => "an exact decimal number with a decimal point, e.g. 12345.67",
        FieldType.Boolean => "true or false",
        FieldType.Date => "a date, e.g. 2024-06-01",
        FieldType.DateTime => "a date and time, e.g. 2024-06-01T10:00:00Z",
        FieldType.Time => "a time, e.g. 08:30:00",
        _ => "text",
    };
}

/// <summary>The position of a page: the dataset version and the last row number sent, so a page of another
/// version is refused rather than mixed in.</summary>
public static class FeatureCursor
{
    public static string Encode(FeatureCollection collection, long lastRow) =>
        string.Create(CultureInfo.InvariantCulture, $"v{collection.Set.Dataset.VersionNumber}-{lastRow}");

    public static long Decode(string cursor, FeatureCollection collection)
    {
        var dash = cursor.IndexOf('-');
        if (!cursor.StartsWith('v') || dash < 2
            || !int.TryParse(cursor.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !long.TryParse(cursor.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            throw OgcException.BadRequest("cursor is not one this service issued; follow the 'next' link as given.", "cursor");
        if (version != collection.Set.Dataset.VersionNumber)
            throw new OgcException(StatusCodes.Status410Gone, "VersionGone",
                $"This page belongs to version {version} of the dataset, which has been replaced by version {collection.Set.Dataset.VersionNumber}. "
                + "Start again from the first page (the same request without cursor).");
        return row;
    }
}

/// <summary>A refused request, answered as an OGC exception (<c>code</c>, <c>description</c>).</summary>
public sealed class OgcException(int statusCode, string code, string description, string? parameter = null) : Exception(description)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string? Parameter { get; } = parameter;

    public static OgcException BadRequest(string description, string? parameter = null) =>
        new(StatusCodes.Status400BadRequest, "InvalidParameterValue", description, parameter);

    public static OgcException NotFound(string description) => new(StatusCodes.Status404NotFound, "NotFound", description);
}
