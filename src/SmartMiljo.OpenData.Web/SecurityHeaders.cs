using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web;

/// <summary>
/// Headers on every response: a Content-Security-Policy that allows exactly what the pages use (scripts and
/// styles from <c>/assets</c>, inline <c>style</c> attributes, map tiles from the configured tile server, fetches
/// to this site), no framing by other sites, no MIME sniffing, and no full URLs in the Referer sent elsewhere.
/// </summary>
public static class SecurityHeaders
{
    public static string ContentSecurityPolicy(string? mapTileUrl)
    {
        var tiles = TileOrigin(mapTileUrl);
        return "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; " +
               $"img-src 'self' data:{(tiles is null ? "" : " " + tiles)}; connect-src 'self'; font-src 'self'; " +
               "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    }

    /// <summary>The scheme and host of a Leaflet tile template (<c>{s}</c> subdomains become a wildcard); null when none.</summary>
    public static string? TileOrigin(string? template)
    {
        if (string.IsNullOrWhiteSpace(template)) return null;
        var probe = template.Replace("{s}", "tiles", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe.Split('{')[0], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var host = template.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Authority.Split('.', 2)[1] : uri.Authority;
        return $"{uri.Scheme}://{host}";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value;
        var policy = ContentSecurityPolicy(options.MapTileUrl);
        return app.Use((context, next) =>
        {
            // Set as the response starts, so error pages and re-executed responses carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "DENY";
                // The Hangfire dashboard (administrators only) runs inline scripts of its own.
                if (!context.Request.Path.StartsWithSegments("/hangfire")) headers.ContentSecurityPolicy = policy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}

/// <summary>Per-address throttling of sign-in attempts (password and provider buttons), on top of the per-account
/// lockout. A throttled attempt gets a page that says so, whether or not the account exists.</summary>
public static class SignInThrottling
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInThrottling(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var limit = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.SignInAttemptsPerMinute;
                return RateLimitPartition.GetSlidingWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions { PermitLimit = Math.Max(1, limit), Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = "60";
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(
                    "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>För många inloggningsförsök</title></head><body>" +
                    "<h1>För många inloggningsförsök</h1><p>Vänta en minut och försök igen.</p>" +
                    "<h1 lang=\"en\">Too many sign-in attempts</h1><p lang=\"en\">Wait a minute and try again.</p>" +
                    "<p><a href=\"/konto/logga-in\">Logga in / Sign in</a></p></body></html>", ct);
            };
        });
}
