using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// OGC API Features (Part 1 Core with GeoJSON and HTML, Part 3 queryables and property filters) at <c>/ogc</c>:
/// landing page, conformance, one collection per published dataset with a position, items with <c>bbox</c>,
/// <c>limit</c> and <c>next</c> links, and single features. Read-only; the rows come from the same row tables
/// through the same SQL spelling as OData.
/// </summary>
public static class OgcEndpoints
{
    public const string Prefix = "/ogc";

    public static IEndpointRouteBuilder MapOgcFeatureEndpoints(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(Prefix, methods, (HttpContext c) => Run(c, s => s.LandingAsync()));
        app.MapMethods(Prefix + "/conformance", methods, (HttpContext c) => Run(c, s => s.ConformanceAsync()));
        app.MapMethods(Prefix + "/collections", methods, (HttpContext c) => Run(c, s => s.CollectionsAsync()));
        app.MapMethods(Prefix + "/collections/{collectionId}", methods,
            (HttpContext c, string collectionId) => Run(c, s => s.CollectionAsync(collectionId)));
        app.MapMethods(Prefix + "/collections/{collectionId}/queryables", methods,
            (HttpContext c, string collectionId) => Run(c, s => s.QueryablesAsync(collectionId)));
        app.MapMethods(Prefix + "/collections/{collectionId}/items", methods,
            (HttpContext c, string collectionId) => Run(c, s => s.ItemsAsync(collectionId)));
        app.MapMethods(Prefix + "/collections/{collectionId}/items/{featureId}", methods,
            (HttpContext c, string collectionId, string featureId) => Run(c, s => s.ItemAsync(collectionId, featureId)));
        return app;
    }

    /// <summary>Registers the extent cache (the rest is shared with OData).</summary>
    public static IServiceCollection AddOgcFeatures(this IServiceCollection services)
    {
        services.AddSingleton<CollectionExtents>();
        return services;
    }

    private static async Task Run(HttpContext context, Func<OgcFeatureService, Task> serve)
    {
        var services = context.RequestServices;
        var options = services.GetService<ODataServiceOptions>() ?? services.GetService<IOptions<ODataServiceOptions>>()?.Value ?? new ODataServiceOptions();
        var executor = new RowQueryExecutor(services.GetRequiredService<IRowDatabase>(), options, services.GetRequiredService<ILogger<RowQueryExecutor>>());
        var service = new OgcFeatureService(context, services.GetRequiredService<IPublishedDatasets>(),
            services.GetService<ODataModelProvider>() ?? FallbackModels, executor,
            services.GetService<CollectionExtents>() ?? FallbackExtents);
        var logger = services.GetRequiredService<ILogger<OgcFeatureService>>();
        try
        {
            await serve(service);
        }
        catch (OgcException e)
        {
            await FailAsync(context, logger, e.StatusCode, e.Code, e.Message);
        }
        catch (ODataRequestException e)
        {
            // The row query's failures (time limit, a version dropped meanwhile), worded for any client.
            await FailAsync(context, logger, e.StatusCode, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "OGC API request {Path} failed", context.Request.Path);
            await FailAsync(context, logger, StatusCodes.Status500InternalServerError, "InternalError", "The request failed unexpectedly. The error has been logged.");
        }
    }

    private static readonly ODataModelProvider FallbackModels = new();
    private static readonly CollectionExtents FallbackExtents = new();

    private static async Task FailAsync(HttpContext context, ILogger logger, int status, string code, string description)
    {
        if (context.Response.HasStarted)
        {
            logger.LogWarning("OGC API response aborted after it started: {Message}", description);
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new System.Text.Json.Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("code", code);
        json.WriteString("description", description);
        json.WriteEndObject();
    }
}
