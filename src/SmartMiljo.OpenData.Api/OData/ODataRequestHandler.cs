using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using SmartMiljo.OpenData.Api.OData.Http;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Query;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.OData;

/// <summary>
/// Serves one OData request: resolves the service root (organisation or regional), parses the
/// resource path with Microsoft.OData.Core against the runtime model, and dispatches to the
/// service document, <c>$metadata</c>, an entity set page, <c>/$count</c>, an entity, a property
/// or a raw <c>/$value</c>.
/// </summary>
public sealed class ODataRequestHandler(
    IPublishedDatasets published,
    ODataModelProvider models,
    RowQueryExecutor executor,
    ODataServiceOptions options,
    TimeProvider clock,
    ILogger<ODataRequestHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                throw ODataRequestException.NotImplemented("This OData service is read-only: only GET is supported.");
            context.Response.Headers["OData-Version"] = ODataNegotiation.ResponseVersion(context.Request);
            await DispatchAsync(context);
        }
        catch (ODataRequestException e)
        {
            await FailAsync(context, e);
        }
        catch (ODataUnrecognizedPathException e)
        {
            await FailAsync(context, ODataRequestException.NotFound(e.Message));
        }
        catch (ODataException e)
        {
            await FailAsync(context, ODataRequestException.BadRequest(e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            // Never a bare 500 page or a stack trace: log it, answer with an OData error that reveals nothing.
            logger.LogError(e, "OData request {Path} failed", context.Request.Path);
            await FailAsync(context, new ODataRequestException(StatusCodes.Status500InternalServerError, "InternalError",
                "The request failed unexpectedly. The error has been logged."));
        }
    }

    private async Task FailAsync(HttpContext context, ODataRequestException error)
    {
        if (context.Response.HasStarted)
        {
            // Part of a page is already sent: cutting the connection is the only honest signal left.
            logger.LogWarning("OData response aborted after it started: {Message}", error.Message);
            context.Abort();
            return;
        }
        if (!context.Response.Headers.ContainsKey("OData-Version")) context.Response.Headers["OData-Version"] = "4.0";
        await ODataResponses.WriteErrorAsync(context, error);
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var (scope, datasets, remainder) = await ResolveScopeAsync(context);
        var model = models.GetModel(scope, datasets);
        var serviceRoot = ServiceRoot(context.Request, scope);
        var queryOptions = QueryOptions.From(context.Request.Query);

        if (remainder.Length == 0)
        {
            var format = ODataNegotiation.Json(context.Request, queryOptions["$format"]);
            await ODataResponses.WriteServiceDocumentAsync(context, model, serviceRoot, format);
            return;
        }

        var path = ParsePath(model, serviceRoot, remainder);
        switch (path.ToList())
        {
            case [MetadataSegment]:
                await ODataResponses.WriteMetadataAsync(context, model, ODataNegotiation.MetadataAsJson(context.Request, queryOptions["$format"]));
                return;
            case [EntitySetSegment setSegment]:
                await new CollectionResponder(executor, options, published, clock)
                    .WriteAsync(context, model, model.Resolve(setSegment.EntitySet), queryOptions, serviceRoot);
                return;
            case [EntitySetSegment setSegment, CountSegment]:
                await WriteCountAsync(context, model, model.Resolve(setSegment.EntitySet), queryOptions);
                return;
            case [EntitySetSegment setSegment, KeySegment key]:
                await new EntityResponder(executor, clock).WriteEntityAsync(context, model, model.Resolve(setSegment.EntitySet), KeyAliases.Resolve(key, queryOptions, model.Model), queryOptions, options, serviceRoot);
                return;
            case [EntitySetSegment setSegment, KeySegment key, PropertySegment property]:
                await new EntityResponder(executor, clock).WritePropertyAsync(context, model.Resolve(setSegment.EntitySet), KeyAliases.Resolve(key, queryOptions, model.Model), property, queryOptions, serviceRoot, raw: false);
                return;
            case [EntitySetSegment setSegment, KeySegment key, PropertySegment property, ValueSegment]:
                await new EntityResponder(executor, clock).WritePropertyAsync(context, model.Resolve(setSegment.EntitySet), KeyAliases.Resolve(key, queryOptions, model.Model), property, queryOptions, serviceRoot, raw: true);
                return;
            case [BatchSegment, ..]:
                throw ODataRequestException.NotImplemented("$batch is not supported.");
            default:
                throw ODataRequestException.NotImplemented($"The resource path '{remainder}' is not supported by this service.");
        }
    }

    private async Task WriteCountAsync(HttpContext context, ODataServiceModel model, EntitySetBinding set, QueryOptions queryOptions)
    {
        ODataNegotiation.RequireText(context.Request);
        if (queryOptions["$apply"] is not null)
            throw ODataRequestException.NotImplemented("/$count of a $apply result is not supported: add aggregate($count as n) to $apply instead.", "$apply");
        var query = ParsedQuery.Parse(model, set, queryOptions, options);
        long count;
        if (!query.HasCondition)
        {
            count = set.Dataset.RowCount; // stored at publish time: big tables never pay for COUNT(*)
        }
        else
        {
            var (sql, parameters) = CollectionQuery.BuildCount(set, query, executor.Syntax, clock.GetUtcNow());
            count = await executor.ExecuteCountAsync(sql, parameters, context.RequestAborted);
        }
        await ODataResponses.WriteTextAsync(context, count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Decides whether the first path segment is an organisation (<c>/odata/{org}/...</c>) or an
    /// entity set of the regional root (<c>/odata/{org_dataset}</c>).
    /// </summary>
    private async Task<(string? Scope, IReadOnlyList<PublishedDataset> Datasets, string Remainder)> ResolveScopeAsync(HttpContext context)
    {
        var path = RawPathAfterPrefix(context);
        var slash = path.IndexOf('/');
        var first = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        if (first.Length > 0 && first.IndexOfAny(['(', '$']) < 0)
        {
            var organisation = await published.ListAsync(first, context.RequestAborted);
            if (organisation.Count > 0)
            {
                var remainder = slash < 0 ? "" : path[(slash + 1)..];
                return (organisation[0].OrganisationSlug, organisation, AcceptDatasetSlug(remainder, organisation));
            }
        }
        var all = await published.ListAsync(null, context.RequestAborted);
        return (null, all, path);
    }

    /// <summary>Lets <c>/odata/{org}/{dataset-slug}</c> work where the slug differs from the entity set identifier.</summary>
    private static string AcceptDatasetSlug(string remainder, IReadOnlyList<PublishedDataset> datasets)
    {
        var end = remainder.IndexOfAny(['/', '(']);
        var head = Uri.UnescapeDataString(end < 0 ? remainder : remainder[..end]);
        var match = datasets.FirstOrDefault(d => d.DatasetSlug == head);
        if (match is null) return remainder;
        return TableLayout.ToIdentifier(match.DatasetSlug) + (end < 0 ? "" : remainder[end..]);
    }

    /// <summary>The undecoded path after <c>/odata/</c>, so escaped key literals reach the URI parser intact.</summary>
    private static string RawPathAfterPrefix(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(raw) || raw[0] != '/'
            ? context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent()
            : raw.Split('?', 2)[0];
        var pathBase = context.Request.PathBase.ToUriComponent();
        if (pathBase.Length > 0 && path.StartsWith(pathBase, StringComparison.OrdinalIgnoreCase)) path = path[pathBase.Length..];
        if (path.StartsWith(ODataEndpoints.Prefix, StringComparison.OrdinalIgnoreCase)) path = path[ODataEndpoints.Prefix.Length..];
        return path.Trim('/');
    }

    private static string ServiceRoot(HttpRequest request, string? scope)
    {
        // The public base URL (configured, or forwarded by a trusted proxy), never the client's Host header.
        var platform = request.HttpContext.RequestServices.GetService<IOptions<PlatformOptions>>()?.Value ?? new PlatformOptions();
        var root = new StringBuilder(platform.ResolveBaseUrl(request)).Append(ODataEndpoints.Prefix).Append('/');
        if (scope is not null) root.Append(Uri.EscapeDataString(scope)).Append('/');
        return root.ToString();
    }

    private static ODataPath ParsePath(ODataServiceModel model, string serviceRoot, string remainder)
    {
        var parser = new ODataUriParser(model.Model, new Uri(serviceRoot), new Uri(serviceRoot + remainder))
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true, EnableNoDollarQueryOptions = true },
        };
        return parser.ParsePath();
    }
}
