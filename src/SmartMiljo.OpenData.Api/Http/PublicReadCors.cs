using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SmartMiljo.OpenData.Api.Http;

/// <summary>
/// Cross-origin reads of the open data: a web map or browser app on any origin may read OData, downloads,
/// DCAT catalogues, specifications, the OpenAPI descriptions and OGC API Features. Anonymous reads only:
/// <c>Access-Control-Allow-Origin: *</c> and never <c>Allow-Credentials</c>, so a browser sends no cookies and
/// a page elsewhere cannot act as a signed-in publisher. Everything else (admin API, web forms, validation
/// posts) gets no CORS headers and stays same-origin; its writes also need a key or a session.
/// </summary>
public static class PublicReadCors
{
    /// <summary>The read-only public surfaces, by path prefix (a whole segment).</summary>
    public static readonly IReadOnlyList<string> PathPrefixes =
        ["/odata", "/download", "/datasets/dcat", "/api/specifications", "/openapi", "/ogc"];

    public const string AllowedMethods = "GET, HEAD, OPTIONS";

    /// <summary>Request headers a reading client may send (beyond the CORS-safelisted ones).</summary>
    public const string AllowedHeaders =
        "Accept, Accept-Language, Content-Language, Content-Type, Range, If-Match, If-None-Match, If-Modified-Since, If-Range, "
        + "Prefer, OData-Version, OData-MaxVersion, X-Requested-With";

    /// <summary>Response headers a script may read: validators, paging, OData's own and the download ones.</summary>
    public const string ExposedHeaders =
        "ETag, Last-Modified, Content-Range, Accept-Ranges, Content-Length, Content-Disposition, Content-Encoding, Link, Location, "
        + "OData-Version, Preference-Applied, Retry-After, Digest";

    /// <summary>How long a browser may keep a preflight answer (seconds).</summary>
    public const string PreflightMaxAge = "86400";

    public static IApplicationBuilder UsePublicReadCors(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!IsPublicRead(context.Request.Path)) return next(context);
            var request = context.Request;
            var response = context.Response;
            if (HttpMethods.IsOptions(request.Method))
            {
                // A preflight (or a plain OPTIONS): answered here, before any endpoint sees a method it does not serve.
                response.StatusCode = StatusCodes.Status204NoContent;
                response.Headers.AccessControlAllowOrigin = "*";
                response.Headers.AccessControlAllowMethods = AllowedMethods;
                response.Headers.AccessControlAllowHeaders = AllowedHeaders;
                response.Headers.AccessControlMaxAge = PreflightMaxAge;
                response.Headers.Allow = AllowedMethods;
                return Task.CompletedTask;
            }
            // Set when the response starts, so an error answer (after an exception handler cleared the headers) has them too.
            response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.AccessControlAllowOrigin = "*";
                headers.AccessControlExposeHeaders = ExposedHeaders;
                return Task.CompletedTask;
            }, response);
            return next(context);
        });

    public static bool IsPublicRead(PathString path)
    {
        var value = path.Value ?? "";
        foreach (var prefix in PathPrefixes)
        {
            if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            // A whole segment, or a file name on it (/datasets/dcat.ttl); never /odataX.
            if (value.Length == prefix.Length || value[prefix.Length] is '/' or '.') return true;
        }
        return false;
    }
}
