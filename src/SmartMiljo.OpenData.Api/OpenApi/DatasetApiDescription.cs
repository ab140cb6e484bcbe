using System.Text.Json.Nodes;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.OpenApi;

/// <summary>
/// What one OpenAPI description covers: the datasets of one dataset, one organisation or the regional root, and
/// how their OData service root names them (a regional union is one more scope over the same datasets).
/// </summary>
public sealed record ApiScope(string Title, string Description, string? OrganisationSlug, IReadOnlyList<PublishedDataset> Datasets)
{
    /// <summary>The OData path of the scope's service root: <c>/odata/{org}</c>, or <c>/odata</c> for the regional root.</summary>
    public string ODataRoot => OrganisationSlug is null ? "/odata" : "/odata/" + OrganisationSlug;
}

/// <summary>
/// Generates the OpenAPI 3.1 description of the data APIs of a scope from the stored schemas: per dataset its OData
/// entity set (the query options the service implements), its OGC API Features items when it has positions (bbox,
/// limit, cursor and one filter per queryable), its downloads, and a schema with each column's type, description,
/// original header (title) and an example read from the data. Property names come from the same EDM model OData
/// serves, so the description cannot drift from the service.
/// Longer than our usual file: the OpenAPI document is one tree (paths, parameters, schemas, responses) that
/// refers to itself by name, and reads best beside the specification in one place.
/// </summary>
public static class DatasetApiDescription
{
    public const string OpenApiVersion = "3.1.0";

    public static JsonObject Build(ApiScope scope, ODataServiceModel model, string baseUrl,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode>> examplesByTable)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["ODataError"] = ODataErrorSchema(),
            ["OgcException"] = new JsonObject
            {
                ["type"] = "object", ["required"] = new JsonArray("code"),
                ["properties"] = new JsonObject { ["code"] = Str(), ["description"] = Str() },
            },
            ["GeoJsonPoint"] = new JsonObject
            {
                ["type"] = "object", ["description"] = "GeoJSON Point, WGS 84 (longitude, latitude).",
                ["required"] = new JsonArray("type", "coordinates"),
                ["properties"] = new JsonObject
                {
                    ["type"] = new JsonObject { ["const"] = "Point" },
                    ["coordinates"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "number" }, ["minItems"] = 2, ["maxItems"] = 3 },
                },
            },
        };
        var tags = new JsonArray();
        var urls = new PublicUrls(baseUrl);
        foreach (var set in model.EntitySets)
        {
            var dataset = set.Dataset;
            var tag = dataset.Title;
            tags.Add(new JsonObject
            {
                ["name"] = tag,
                ["description"] = dataset.Description ?? dataset.Title,
                ["externalDocs"] = new JsonObject { ["url"] = urls.DatasetPage(dataset.OrganisationSlug, dataset.DatasetSlug) },
            });
            examplesByTable.TryGetValue(dataset.TableName, out var examples);
            schemas[set.Name] = RowSchema(set, examples);
            AddOData(paths, scope, set, tag);
            if (FeatureCollection.Of(set) is { } collection) AddFeatures(paths, collection, PublicUrls.EntitySetName(dataset.OrganisationSlug, dataset.DatasetSlug, regional: true), tag);
            foreach (var distribution in dataset.Distributions.OrderBy(d => d.Format, StringComparer.Ordinal))
                paths[$"/download/{dataset.OrganisationSlug}/{dataset.DatasetSlug}.{distribution.Format}"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["tags"] = new JsonArray(tag),
                        ["operationId"] = $"{set.Name}_download_{Identifier(distribution.Format)}",
                        ["summary"] = $"Hela datamängden som {distribution.Format} / the whole dataset as {distribution.Format}",
                        ["description"] = "Supports Range, If-None-Match and If-Modified-Since; SHA-256 in the DCAT catalogue.",
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject
                            {
                                ["description"] = "The file.",
                                ["content"] = new JsonObject { [distribution.MediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = distribution.MediaType } } },
                            },
                            ["206"] = new JsonObject { ["description"] = "The requested byte range." },
                            ["304"] = new JsonObject { ["description"] = "Not modified." },
                            ["404"] = new JsonObject { ["description"] = "Unknown dataset or format." },
                        },
                    },
                };
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = Info(scope),
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["tags"] = tags,
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Info(ApiScope scope)
    {
        var info = new JsonObject
        {
            ["title"] = scope.Title,
            ["description"] = scope.Description,
            // The description changes whenever a dataset version is published: its newest publication dates it.
            ["version"] = scope.Datasets.Count == 0 ? "0" : scope.Datasets.Max(d => d.PublishedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        var licences = scope.Datasets.Select(d => d.License).Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToList();
        if (licences is [var licence])
        {
            var node = new JsonObject { ["name"] = licence };
            if (Uri.TryCreate(licence, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") node["url"] = licence;
            info["license"] = node;
        }
        return info;
    }

    private static void AddOData(JsonObject paths, ApiScope scope, EntitySetBinding set, string tag)
    {
        var path = $"{scope.ODataRoot}/{set.Name}";
        var list = new JsonObject
        {
            ["tags"] = new JsonArray(tag),
            ["operationId"] = set.Name + "_query",
            ["summary"] = "Fråga raderna med OData / query the rows with OData",
            ["description"] = "OData 4.0 JSON, paged by @odata.nextLink (keyset). $filter supports comparison, logical and arithmetic operators, "
                + "in, has-free string, date and math functions, geo.distance and geo.intersects on positions.",
            ["parameters"] = new JsonArray(
                QueryParameter("$filter", "Filter expression, e.g. namn eq 'Ålsjön'.", Str()),
                QueryParameter("$select", "Comma-separated properties to return.", Str()),
                QueryParameter("$orderby", "Properties to sort by, each optionally followed by asc or desc.", Str()),
                QueryParameter("$top", "Largest number of rows to return.", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
                QueryParameter("$skip", "Rows to skip (first page only; follow @odata.nextLink after that).", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
                QueryParameter("$count", "Include @odata.count, the number of matching rows.", new JsonObject { ["type"] = "boolean" }),
                QueryParameter("$search", "Words that any text column contains (case-insensitive); AND, OR, NOT.", Str()),
                QueryParameter("$skiptoken", "Paging position; only as given in @odata.nextLink.", Str()),
                QueryParameter("$apply", "Aggregation: filter(...) steps joined by /, then groupby((p1,p2),aggregate(...)) or aggregate(...) "
                    + "with $count, sum, average, min, max, countdistinct, e.g. groupby((kommun),aggregate($count as antal)). "
                    + "The page then holds one object per group with the grouped properties and the aliases, instead of rows; "
                    + "$orderby, $top and $skip apply to the groups.", Str()),
                QueryParameter("$format", "Response format instead of the Accept header: json, optionally with ;odata.metadata=minimal|full|none.",
                    new JsonObject { ["type"] = "string", ["examples"] = new JsonArray("json", "json;odata.metadata=none") }),
                new JsonObject
                {
                    ["name"] = "Prefer", ["in"] = "header", ["required"] = false,
                    ["description"] = "odata.maxpagesize=n asks for smaller pages.", ["schema"] = Str(),
                }),
            ["responses"] = Merge(new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "A page of rows.",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject
                        {
                            ["schema"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["properties"] = new JsonObject
                                {
                                    ["@odata.context"] = Str(),
                                    ["@odata.count"] = new JsonObject { ["type"] = "integer" },
                                    ["@odata.nextLink"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                                    ["value"] = new JsonObject { ["type"] = "array", ["items"] = Ref(set.Name) },
                                },
                            },
                        },
                    },
                },
            }, ErrorResponses("ODataError", "application/json")),
        };
        paths[path] = new JsonObject { ["get"] = list };
        paths[path + "/$count"] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["operationId"] = set.Name + "_count",
                ["summary"] = "Antal rader / number of rows",
                ["parameters"] = new JsonArray(QueryParameter("$filter", "Count only the rows matching this filter.", Str())),
                ["responses"] = Merge(new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "The number of (matching) rows.",
                        ["content"] = new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]+$" } } },
                    },
                }, ErrorResponses("ODataError", "application/json")),
            },
        };
    }

    private static void AddFeatures(JsonObject paths, FeatureCollection collection, string collectionId, string tag)
    {
        var items = $"/ogc/collections/{collectionId}/items";
        var parameters = new JsonArray(
            new JsonObject
            {
                ["name"] = "bbox", ["in"] = "query", ["required"] = false, ["style"] = "form", ["explode"] = false,
                ["description"] = "minLon,minLat,maxLon,maxLat in CRS84 (WGS 84 degrees); edges included.",
                ["schema"] = new JsonObject { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = new JsonObject { ["type"] = "number" } },
            },
            QueryParameter("limit", "Features per page.", new JsonObject
            {
                ["type"] = "integer", ["minimum"] = 1, ["maximum"] = FeatureRequestReader.MaxLimit, ["default"] = FeatureRequestReader.DefaultLimit,
            }),
            QueryParameter("cursor", "Paging position; only as given in the next link.", Str()),
            QueryParameter("f", "Response format.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "html") }));
        foreach (var property in collection.Properties)
            parameters.Add(QueryParameter(property.Name, $"Only features whose {property.Name} equals this value.", ColumnType(property)));
        paths[items] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["operationId"] = collectionId + "_features",
                ["summary"] = "Geoobjekt (OGC API Features) / features (OGC API Features)",
                ["parameters"] = parameters,
                ["responses"] = Merge(new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "A GeoJSON FeatureCollection with numberMatched, numberReturned and a next link when there are more.",
                        ["content"] = new JsonObject { ["application/geo+json"] = new JsonObject { ["schema"] = FeatureCollectionSchema(collection) } },
                    },
                }, ErrorResponses("OgcException", "application/json")),
            },
        };
        paths[items + "/{featureId}"] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["operationId"] = collectionId + "_feature",
                ["summary"] = "Ett geoobjekt / one feature",
                ["parameters"] = new JsonArray(new JsonObject
                {
                    ["name"] = "featureId", ["in"] = "path", ["required"] = true,
                    ["description"] = collection.Identifier == collection.Set.RowNumber ? "The row number." : $"The value of {collection.Identifier.Name}.",
                    ["schema"] = Str(),
                }),
                ["responses"] = Merge(new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "A GeoJSON Feature.",
                        ["content"] = new JsonObject { ["application/geo+json"] = new JsonObject { ["schema"] = FeatureSchema(collection) } },
                    },
                }, ErrorResponses("OgcException", "application/json")),
            },
        };
    }

    private static JsonObject FeatureCollectionSchema(FeatureCollection collection) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("type", "features"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["const"] = "FeatureCollection" },
            ["features"] = new JsonObject { ["type"] = "array", ["items"] = FeatureSchema(collection) },
            ["numberMatched"] = new JsonObject { ["type"] = "integer" },
            ["numberReturned"] = new JsonObject { ["type"] = "integer" },
            ["links"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
        },
    };

    private static JsonObject FeatureSchema(FeatureCollection collection)
    {
        var properties = new JsonObject();
        foreach (var property in collection.Properties)
            properties[property.Name] = new JsonObject { ["$ref"] = $"#/components/schemas/{collection.Set.Name}/properties/{property.Name}" };
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("type", "geometry", "properties"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["const"] = "Feature" },
                ["id"] = new JsonObject { ["type"] = new JsonArray("string", "integer") },
                ["geometry"] = new JsonObject { ["oneOf"] = new JsonArray(Ref("GeoJsonPoint"), new JsonObject { ["type"] = "null" }) },
                ["properties"] = new JsonObject { ["type"] = "object", ["properties"] = properties },
            },
        };
    }

    /// <summary>The JSON Schema of one row: every property with its type, description, original header and an example.</summary>
    private static JsonObject RowSchema(EntitySetBinding set, IReadOnlyDictionary<string, JsonNode>? examples)
    {
        var dataset = set.Dataset;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in set.Properties)
        {
            JsonObject schema;
            if (property.IsGeography)
            {
                schema = new JsonObject
                {
                    ["description"] = property.Source == PropertySource.Location
                        ? "Position (WGS 84) från latitud- och longitudkolumnerna. / Position (WGS 84) from the latitude and longitude columns."
                        : "Position (WGS 84) som GeoJSON-punkt. / Position (WGS 84) as a GeoJSON point.",
                    ["oneOf"] = new JsonArray(Ref("GeoJsonPoint"), new JsonObject { ["type"] = "null" }),
                };
            }
            else
            {
                schema = ColumnType(property);
                var index = dataset.Layout.IndexOfColumn(property.Column);
                if (index >= 0)
                {
                    var field = dataset.Schema.Fields[index];
                    // The source's own header, so a workbook's column can be found in the API.
                    schema["title"] = field.Title is { Length: > 0 } title && title != field.Name ? $"{field.Name} ({title})" : field.Name;
                    if (Description(field) is { } description) schema["description"] = description;
                }
                else if (property == set.RowNumber)
                {
                    schema["description"] = "Radens nummer i källan. / The row's number in the source.";
                }
                if (examples is not null && examples.TryGetValue(property.Name, out var example))
                    schema["examples"] = new JsonArray(example.DeepClone());
            }
            properties[property.Name] = schema;
            if (!property.Nullable) required.Add(property.Name);
        }
        var row = new JsonObject
        {
            ["type"] = "object",
            ["title"] = dataset.Title,
            ["properties"] = properties,
        };
        if (dataset.Description is { Length: > 0 } text) row["description"] = text;
        if (required.Count > 0) row["required"] = required;
        return row;
    }

    private static string? Description(FieldDefinition field)
    {
        var swedish = field.Description ?? field.Title;
        var english = field.DescriptionEn ?? field.TitleEn;
        return (swedish, english) switch
        {
            (null, null) => null,
            (not null, null) => swedish,
            (null, not null) => english,
            _ => swedish == english ? swedish : $"{swedish} / {english}",
        };
    }

    /// <summary>The JSON Schema type of a column as OData writes it (null allowed where the column may be empty).</summary>
    private static JsonObject ColumnType(PropertyBinding property)
    {
        var (type, format) = property.Type switch
        {
            FieldType.Integer => ("integer", "int64"),
            FieldType.Year => ("integer", "int32"),
            FieldType.Number => ("number", "double"),
            FieldType.Decimal => ("number", "decimal"),
            FieldType.Boolean => ("boolean", null),
            FieldType.Date => ("string", "date"),
            FieldType.DateTime => ("string", "date-time"),
            FieldType.Time => ("string", "time"),
            _ => ("string", (string?)null),
        };
        var schema = new JsonObject { ["type"] = property.Nullable ? new JsonArray(type, "null") : type };
        if (format is not null) schema["format"] = format;
        return schema;
    }

    private static JsonObject QueryParameter(string name, string description, JsonObject schema) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema,
    };

    private static JsonObject ErrorResponses(string schema, string mediaType)
    {
        var responses = new JsonObject();
        foreach (var (status, text) in new[] { ("400", "The request is invalid; the message says why."), ("404", "Not found."),
                     ("501", "Not implemented by this service."), ("503", "The query did not finish in time; narrow it.") })
            responses[status] = new JsonObject
            {
                ["description"] = text,
                ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = Ref(schema) } },
            };
        return responses;
    }

    private static JsonObject Merge(JsonObject first, JsonObject second)
    {
        foreach (var (key, value) in second.ToList())
        {
            second.Remove(key);
            first[key] = value;
        }
        return first;
    }

    private static JsonObject ODataErrorSchema() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("error"),
        ["properties"] = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("code", "message"),
                ["properties"] = new JsonObject { ["code"] = Str(), ["message"] = Str(), ["target"] = Str() },
            },
        },
    };

    private static JsonObject Str() => new() { ["type"] = "string" };
    private static JsonObject Ref(string schema) => new() { ["$ref"] = "#/components/schemas/" + schema };

    private static string Identifier(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
