using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace SmartMiljo.OpenData.Api.Http;

/// <summary>
/// gzip and br for the public text endpoints (OData JSON and CSDL, DCAT in every RDF syntax, specifications,
/// OpenAPI, feeds), as the client's <c>Accept-Encoding</c> asks. A 1,000-row OData page shrinks about six-fold.
/// Left alone: the downloads (their text formats have stored .gz/.br variants served with Range and ETag;
/// compressing again on the fly would break both), responses that already carry a Content-Encoding or a
/// Content-Range, and HTML pages (they hold antiforgery tokens, and compressing secrets next to reflected
/// input invites BREACH).
/// </summary>
public static class PublicResponseCompression
{
    /// <summary>The media types compressed; everything else passes through as it is.</summary>
    public static readonly string[] MediaTypes =
    [
        "application/json", "application/problem+json", "application/schema+json", "application/xml", "text/plain",
        "text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples",
        "application/atom+xml", "application/rss+xml", "application/feed+json",
        "application/openapi+json", "application/yaml", "application/vnd.oai.openapi+json",
    ];

    /// <summary>Path prefixes never compressed here: the downloads negotiate their own (stored) encodings.</summary>
    private static readonly PathString[] Excluded = [new("/download")];

    public static IServiceCollection AddPublicResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // Safe over HTTPS: these responses hold public data, never secrets next to reflected input.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = MediaTypes;
        });
        // Streaming pages are compressed as they are written: the fastest level keeps the CPU cost below the
        // cost of writing the JSON, and still gets most of the reduction (380 KB -> about 60 KB per page).
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Adds the compression to the pipeline; call before the endpoints are mapped.</summary>
    public static IApplicationBuilder UsePublicResponseCompression(this IApplicationBuilder app)
    {
        app.UseWhen(context => !IsExcluded(context.Request.Path), branch =>
        {
            branch.Use((context, next) =>
            {
                // The middleware adds Vary only when the client asked for compression; a cache must also learn
                // that the identity response it stores for a client that did not ask is not for everyone.
                context.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    if (IsCompressible(response.ContentType) && !VariesByEncoding(response))
                        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                    return Task.CompletedTask;
                }, context.Response);
                return next(context);
            });
            branch.UseResponseCompression();
        });
        return app;
    }

    private static bool IsExcluded(PathString path) => Excluded.Any(prefix => path.StartsWithSegments(prefix));

    private static bool IsCompressible(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    private static bool VariesByEncoding(HttpResponse response) =>
        response.Headers.Vary.Any(v => v is not null && v.Split(',').Any(part =>
            part.Trim().Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase) || part.Trim() == "*"));
}
