using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Query;
using SmartMiljo.OpenData.Api.OData.Sql;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>Answers requests addressing one entity by key, one of its properties, or a property's raw value.</summary>
public sealed class EntityResponder(RowQueryExecutor executor, TimeProvider clock)
{
    /// <summary>One entity, with <c>$select</c> applied; <c>$filter</c> (OData 4.01) makes a non-matching entity 404.</summary>
    public async Task WriteEntityAsync(HttpContext context, ODataServiceModel model, EntitySetBinding set, KeySegment key,
        QueryOptions queryOptions, ODataServiceOptions options, string serviceRoot)
    {
        var format = ODataNegotiation.Json(context.Request, queryOptions["$format"]);
        var query = ParsedQuery.Parse(model, set, queryOptions, options);
        var output = query.Select ?? set.Properties;
        await using var lease = await ReadByKeyAsync(context, set, key, output, query);
        var values = new RowValueWriter(executor.Syntax.Format, format.Ieee754Compatible);
        context.Response.ContentType = format.ContentType;
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        if (!format.MetadataNone)
        {
            var selected = query.Select is { } select ? "(" + string.Join(',', select.Select(p => p.Name)) + ")" : "";
            json.WriteString("@odata.context", $"{serviceRoot}$metadata#{set.Name}{selected}/$entity");
        }
        if (format.MetadataFull) FullMetadata.WriteEntityAnnotations(json, serviceRoot, set, KeyLiteral(key));
        values.WriteProperties(json, lease.Reader, output, format.MetadataFull);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    public async Task WritePropertyAsync(HttpContext context, EntitySetBinding set, KeySegment key, PropertySegment segment,
        QueryOptions queryOptions, string serviceRoot, bool raw)
    {
        var property = set.Resolve(segment.Property);
        JsonFormat? format = null;
        if (raw)
        {
            if (property.IsGeography)
                throw ODataRequestException.NotImplemented("Geography values have no raw /$value form; request the property without /$value.");
            ODataNegotiation.RequireText(context.Request);
        }
        else
        {
            format = ODataNegotiation.Json(context.Request, queryOptions["$format"]);
        }

        await using var lease = await ReadByKeyAsync(context, set, key, [property], null);
        var values = new RowValueWriter(executor.Syntax.Format, format?.Ieee754Compatible ?? false);
        var isNull = property.SelectColumns.Select((_, i) => lease.Reader.IsDBNull(i)).Any(n => n);
        if (isNull)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent; // a null property has no representation
            return;
        }
        if (raw)
        {
            await ODataResponses.WriteTextAsync(context, values.RawValue(lease.Reader, property, 0)!);
            return;
        }
        context.Response.ContentType = format!.ContentType;
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        if (!format.MetadataNone)
            json.WriteString("@odata.context", $"{serviceRoot}$metadata#{set.Name}({KeyLiteral(key)})/{property.Name}");
        if (format.MetadataFull && FullMetadata.PropertyTypeName(property) is { } typeName) json.WriteString("@odata.type", typeName);
        json.WritePropertyName("value");
        values.WriteValue(json, lease.Reader, property, 0);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private async Task<RowReaderLease> ReadByKeyAsync(HttpContext context, EntitySetBinding set, KeySegment key, IReadOnlyList<PropertyBinding> output,
        ParsedQuery? query)
    {
        var parameters = new SqlParameterList();
        var conditions = new List<string>();
        foreach (var (name, value) in key.Keys)
        {
            var property = set.Key.First(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
            conditions.Add($"{SqlDialectSyntax.Quote(property.Column)} = {parameters.Add(executor.Syntax.Encode(value, EdmModelBuilder.PrimitiveKindOf(property.Type)))}");
        }
        if (query?.Filter is not null)
            conditions.Add(new SqlFilterTranslator(set, executor.Syntax, parameters, clock.GetUtcNow(), query.Aliases).TranslateFilter(query.Filter));
        var sql = $"SELECT {string.Join(", ", output.SelectMany(p => p.SelectColumns).Select(SqlDialectSyntax.Quote))} "
            + $"FROM {SqlDialectSyntax.Quote(set.TableName)} WHERE {string.Join(" AND ", conditions)} LIMIT 1";
        var lease = await executor.ExecuteReaderAsync(sql, parameters, context.RequestAborted);
        if (await executor.ReadAsync(lease)) return lease;
        await lease.DisposeAsync();
        throw ODataRequestException.NotFound(query?.Filter is null
            ? $"No entity with key ({KeyLiteral(key)}) in '{set.Name}'."
            : $"No entity with key ({KeyLiteral(key)}) in '{set.Name}' matches $filter.");
    }

    private static string KeyLiteral(KeySegment key) => FullMetadata.KeyLiteral(key);
}
