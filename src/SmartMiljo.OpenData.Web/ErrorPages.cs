using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SmartMiljo.OpenData.Web;

/// <summary>
/// Errors answered to people as pages in their language (404, 410, 403, 500 ...), while programs keep
/// problem details: a request is from a person when it asks for HTML (a browser's navigation does) and
/// is not addressed to a machine interface (the APIs, OData, OGC, OpenAPI, the DCAT feed, health).
/// The platform's own exception handler and status-code pages (problem details) stay outside these.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/fel";

    private static readonly string[] MachinePrefixes =
        ["/api", "/odata", "/ogc", "/openapi", "/health", "/hangfire", "/datasets/dcat"];

    public static bool IsForPeople(HttpRequest request) => IsForPeople(request.Path, request.Headers);

    public static bool IsForPeople(PathString path, IHeaderDictionary headers)
    {
        if (MachinePrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return false;
        return headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public static WebApplication UseErrorPagesForPeople(this WebApplication app)
    {
        // A fault: people get a small page that needs nothing of the service that just failed; programs get
        // problem details as before. (Handlers such as the client-error one still answer first.)
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteServerErrorAsync });
        // An empty error answer: the error page is rendered for the same request (its status kept).
        app.UseStatusCodePagesWithReExecute(Path + "/{0}");
        // Programs: this middleware's pages step aside, and the platform's problem details answer.
        app.Use((http, next) =>
        {
            if (!IsForPeople(http.Request) && http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return next(http);
        });
        return app;
    }

    private static async Task WriteServerErrorAsync(HttpContext http)
    {
        var trace = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        if (!IsForPeople(http.Request))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = http.Features.Get<IExceptionHandlerFeature>()?.Error,
                ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred.", Extensions = { ["traceId"] = trace } },
            });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        var code = WebUtility.HtmlEncode(trace);
        await http.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="sv">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Något gick fel – Something went wrong</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}code{background:#f3f6f8;padding:0 .3rem}</style></head>
            <body><main>
            <h1>Något gick fel hos oss</h1>
            <p>Sidan kunde inte visas på grund av ett fel i tjänsten. Felet är loggat; försök igen om en stund. Ange felkoden <code>{{code}}</code> om du kontaktar oss.</p>
            <p><a href="/">Till startsidan</a> · <a href="/integritet">Personuppgifter och kakor</a> · <a href="/tillganglighet">Tillgänglighetsredogörelse</a></p>
            <h2 lang="en">Something went wrong on our side</h2>
            <p lang="en">The page could not be shown because of a fault in the service. The fault is logged; try again in a while. Quote the error code <code>{{code}}</code> if you contact us.</p>
            <p lang="en"><a href="/">To the start page</a></p>
            </main></body></html>
            """);
    }
}
