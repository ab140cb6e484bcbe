using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Query;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>
/// Answers an entity set request with one page of rows, streamed from the data reader into the
/// response (constant memory), followed by a keyset <c>@odata.nextLink</c> when more rows exist.
/// </summary>
public sealed class CollectionResponder(RowQueryExecutor executor, ODataServiceOptions options, IPublishedDatasets published, TimeProvider clock)
{
    private const int FlushThresholdBytes = 32 * 1024;

    public async Task WriteAsync(HttpContext context, ODataServiceModel model, EntitySetBinding current, QueryOptions queryOptions, string serviceRoot)
    {
        var format = ODataNegotiation.Json(context.Request, queryOptions["$format"]);
        if (queryOptions["$apply"] is not null)
        {
            await WriteAggregatedAsync(context, model, current, queryOptions, serviceRoot, format);
            return;
        }
        var query = ParsedQuery.Parse(model, current, queryOptions, options);
        var set = query.SkipToken is { } skipToken ? await VersionOfTokenAsync(current, KeysetToken.VersionOf(skipToken), context.RequestAborted) : current;
        var pageSize = PageSize(context);
        var sql = CollectionQuery.Build(set, query, executor.Syntax, clock.GetUtcNow(), pageSize, withCount: query.Count && query.HasCondition, withKeys: format.MetadataFull);

        long? count = null;
        if (query.Count)
            count = sql.CountSql is null
                ? set.Dataset.RowCount // stored at publish time: no COUNT(*) over big tables
                : await executor.ExecuteCountAsync(sql.CountSql, sql.CountParameters!, context.RequestAborted);

        await using var lease = await executor.ExecuteReaderAsync(sql.RowsSql, sql.RowsParameters, context.RequestAborted);
        // The first row is read before anything is sent, so most failures still get a proper status code.
        var hasRow = await executor.ReadAsync(lease);

        var response = context.Response;
        var values = StartPage(response, format, pageSize);
        var json = new Utf8JsonWriter(response.BodyWriter);
        await using (json)
        {
            json.WriteStartObject();
            if (!format.MetadataNone) json.WriteString("@odata.context", ContextUrl(serviceRoot, set, query));
            if (count is { } total)
            {
                if (format.Ieee754Compatible) json.WriteString("@odata.count", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else json.WriteNumber("@odata.count", total);
            }
            json.WriteStartArray("value");

            string? token = null;
            var written = 0;
            while (hasRow)
            {
                if (written == sql.PageSize)
                    break; // the extra row only tells us that a next page exists
                json.WriteStartObject();
                if (format.MetadataFull)
                    FullMetadata.WriteEntityAnnotations(json, serviceRoot, set,
                        FullMetadata.KeyLiteral(set, lease.Reader, sql.KeyOrdinal, executor.Syntax.Format));
                values.WriteProperties(json, lease.Reader, sql.Output, format.MetadataFull);
                json.WriteEndObject();
                written++;
                if (written == sql.PageSize)
                    token = KeysetToken.Encode(set.Dataset.VersionNumber, sql.SortKeys, lease.Reader, sql.SortKeyOrdinal, executor.Syntax.Format);
                if (json.BytesPending > FlushThresholdBytes)
                {
                    json.Flush();
                    await response.BodyWriter.FlushAsync(context.RequestAborted);
                }
                hasRow = await executor.ReadAsync(lease);
            }
            json.WriteEndArray();

            var remainingTop = query.Top - written;
            if (hasRow && token is not null && remainingTop is null or > 0)
                json.WriteString("@odata.nextLink", NextLink(serviceRoot, set, queryOptions, token, remainingTop));
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// A <c>$apply</c> result: one page of groups (or the one aggregate row), each aggregate with its type annotated,
    /// as its alias is not in $metadata; further pages by <c>$skip</c> (a grouped result has no row keys to page by).
    /// </summary>
    /// <summary>The headers of a page of rows, and the writer of its values.</summary>
    private RowValueWriter StartPage(HttpResponse response, JsonFormat format, int pageSize)
    {
        response.ContentType = format.ContentType;
        if (pageSize < options.MaxPageSize) response.Headers["Preference-Applied"] = $"odata.maxpagesize={pageSize}";
        return new RowValueWriter(executor.Syntax.Format, format.Ieee754Compatible);
    }

    private async Task WriteAggregatedAsync(HttpContext context, ODataServiceModel model, EntitySetBinding set, QueryOptions queryOptions,
        string serviceRoot, JsonFormat format)
    {
        var pageSize = PageSize(context);
        var apply = ApplyQuery.Build(model, set, queryOptions, options, executor.Syntax, clock.GetUtcNow(), pageSize);
        await using var lease = await executor.ExecuteReaderAsync(apply.Sql, apply.Parameters, context.RequestAborted);
        var hasRow = await executor.ReadAsync(lease);

        var response = context.Response;
        var values = StartPage(response, format, pageSize);
        var json = new Utf8JsonWriter(response.BodyWriter);
        await using (json)
        {
            json.WriteStartObject();
            if (!format.MetadataNone)
                json.WriteString("@odata.context", serviceRoot + "$metadata#" + set.Name + "(" + string.Join(',', apply.Output.Select(p => p.Name)) + ")");
            json.WriteStartArray("value");
            var written = 0;
            while (hasRow && written < apply.PageSize)
            {
                json.WriteStartObject();
                if (format.MetadataFull) json.WriteNull("@odata.id"); // a group is no entity: it has no id
                var ordinal = 0;
                foreach (var property in apply.Output)
                {
                    // An alias is declared nowhere, so its type is always stated (clients read an unannotated
                    // number of an undeclared property as untyped); declared properties follow the metadata level.
                    var typeName = apply.Dynamic.Contains(property) ? "#" + EdmModelBuilder.PrimitiveKindOf(property.Type)
                        : format.MetadataFull ? FullMetadata.PropertyTypeName(property) : null;
                    if (typeName is not null && !format.MetadataNone) json.WriteString(property.Name + "@odata.type", typeName);
                    json.WritePropertyName(property.JsonName);
                    values.WriteValue(json, lease.Reader, property, ordinal++);
                }
                json.WriteEndObject();
                written++;
                if (json.BytesPending > FlushThresholdBytes)
                {
                    json.Flush();
                    await response.BodyWriter.FlushAsync(context.RequestAborted);
                }
                hasRow = await executor.ReadAsync(lease);
            }
            json.WriteEndArray();
            var remainingTop = apply.Top - written;
            if (hasRow && remainingTop is null or > 0)
            {
                var link = new StringBuilder(serviceRoot).Append(set.Name).Append('?');
                foreach (var (name, value) in queryOptions.WithoutPaging())
                    link.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
                if (remainingTop is { } top) link.Append("$top=").Append(top).Append('&');
                link.Append("$skip=").Append(apply.Skip + written);
                json.WriteString("@odata.nextLink", link.ToString());
            }
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// The entity set as of the version a next link was issued for: the current one, or an older one the
    /// platform still retains. A version no longer kept, or one whose columns differ, is 410 Gone: the client's
    /// paging cannot continue without skipping or repeating rows, so it has to start again.
    /// </summary>
    private async Task<EntitySetBinding> VersionOfTokenAsync(EntitySetBinding current, int version, CancellationToken cancellationToken)
    {
        if (version == current.Dataset.VersionNumber) return current;
        var retained = version < current.Dataset.VersionNumber
            ? await published.FindVersionAsync(current.Dataset.OrganisationSlug, current.Dataset.DatasetSlug, version, cancellationToken)
            : null;
        return (retained is null ? null : current.ForVersion(retained))
            ?? throw ODataRequestException.VersionGone(version, current.Dataset.VersionNumber);
    }

    /// <summary>The configured page size, or less when the client prefers (<c>Prefer: odata.maxpagesize=n</c>).</summary>
    private int PageSize(HttpContext context)
    {
        var size = options.MaxPageSize;
        foreach (var prefer in context.Request.Headers["Prefer"])
        {
            if (prefer is null) continue;
            foreach (var part in prefer.Split([',', ';'], StringSplitOptions.TrimEntries))
            {
                // OData 4.01 lets clients leave out the odata. prefix of preferences.
                var value = part.StartsWith("odata.", StringComparison.OrdinalIgnoreCase) ? part["odata.".Length..] : part;
                const string name = "maxpagesize=";
                if (value.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(value.AsSpan(name.Length), out var preferred) && preferred > 0)
                    size = Math.Min(size, preferred);
            }
        }
        return size;
    }

    private static string ContextUrl(string serviceRoot, EntitySetBinding set, ParsedQuery query) =>
        serviceRoot + "$metadata#" + set.Name + (query.Select is { } selected ? "(" + string.Join(',', selected.Select(p => p.Name)) + ")" : "");

    private static string NextLink(string serviceRoot, EntitySetBinding set, QueryOptions queryOptions, string token, long? remainingTop)
    {
        var link = new StringBuilder(serviceRoot).Append(set.Name).Append('?');
        foreach (var (name, value) in queryOptions.WithoutPaging())
            link.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        if (remainingTop is { } top) link.Append("$top=").Append(top).Append('&');
        link.Append("$skiptoken=").Append(token); // base64url: nothing to escape
        return link.ToString();
    }
}
