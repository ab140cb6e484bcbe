using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SmartMiljo.OpenData.Api.Http;

/// <summary>
/// Error responses are never cached: a 4xx or 5xx leaves with <c>Cache-Control: no-store</c> and without
/// validators, whatever an endpoint set before it failed. Otherwise a shared cache would serve a passing
/// failure of the DCAT catalogue, an OData feed or a download as the resource for minutes.
/// </summary>
public static class UncachedErrorResponses
{
    public static IApplicationBuilder UseUncachedErrorResponses(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode >= 400)
                {
                    response.Headers.CacheControl = "no-store";
                    response.Headers.Remove("ETag");
                    response.Headers.Remove("Last-Modified");
                    response.Headers.Remove("Expires");
                }
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
