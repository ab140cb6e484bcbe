using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// <c>/datasets/dcat</c> (the instance catalogue, one sub-catalogue per organisation) and
/// <c>/datasets/dcat/{org}</c> (one organisation's catalogue, for its own registration at dataportal.se).
/// RDF/XML by default; Turtle, N-Triples and JSON-LD by Accept header or extension. Conditional GET.
/// </summary>
public static class DcatCatalogueEndpoints
{
    public static IEndpointRouteBuilder MapDcatCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/datasets/dcat", ["GET", "HEAD"], (HttpContext http, int? page, CancellationToken ct) =>
            ServeAsync(http, null, null, page, ct)).WithName("DcatCatalogue").WithTags("Catalogue");
        app.MapMethods("/datasets/dcat.{ext}", ["GET", "HEAD"], (HttpContext http, string ext, int? page, CancellationToken ct) =>
            ServeAsync(http, null, ext, page, ct)).WithName("DcatCatalogueWithExtension").WithTags("Catalogue");
        app.MapMethods("/datasets/dcat/{org}", ["GET", "HEAD"], (HttpContext http, string org, int? page, CancellationToken ct) =>
        {
            var dot = org.LastIndexOf('.');
            return dot > 0 ? ServeAsync(http, org[..dot], org[(dot + 1)..], page, ct) : ServeAsync(http, org, null, page, ct);
        }).WithName("DcatOrganisationCatalogue").WithTags("Catalogue");
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string? org, string? extension, int? page, CancellationToken ct)
    {
        RdfSerialization format;
        if (extension is not null)
        {
            if (!RdfSerializations.TryFromExtension(extension, out format))
                return Results.Problem(statusCode: 404, title: "Not Found", detail: $"No RDF serialisation for '.{extension}'; use .rdf, .ttl, .nt or .jsonld.");
        }
        else if (RdfSerializations.Negotiate(http.Request.Headers.Accept.ToString()) is { } negotiated) format = negotiated;
        else return Results.Problem(statusCode: 406, title: "Not Acceptable",
            detail: "The catalogue is available as application/rdf+xml, text/turtle, application/n-triples and application/ld+json.");

        var services = http.RequestServices;
        var source = services.GetRequiredService<DcatCatalogueSource>();
        var options = services.GetRequiredService<IOptions<PlatformOptions>>().Value;
        var organisations = await source.OrganisationsAsync(org, ct);
        if (org is not null && organisations.Count == 0)
            return Results.Problem(statusCode: 404, title: "Not Found", detail: $"No organisation '{org}'.");
        if (page is < 1) return Results.Problem(statusCode: 400, title: "Bad Request", detail: "Pages are numbered from 1.");

        var (lastModified, fingerprint) = await source.FingerprintAsync(org, ct);
        var total = await source.CountAsync(org, ct);
        var pageSize = Math.Max(1, options.DcatPageSize);
        // Very large catalogues are always paged, so no single response grows without bound.
        DcatPage? paging = page is not null || total > pageSize ? new DcatPage(page ?? 1, pageSize, total) : null;
        if (paging is not null && paging.Number > paging.LastPage)
            return Results.Problem(statusCode: 404, title: "Not Found", detail: $"The catalogue has {paging.LastPage} page(s).");

        var baseUrl = options.ResolveBaseUrl(http.Request);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{fingerprint}|{format}|{paging?.Number}|{pageSize}|{baseUrl}")))[..32] + "\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        http.Response.Headers.Vary = "Accept";
        var requestHeaders = http.Request.GetTypedHeaders();
        if (requestHeaders.IfNoneMatch.Any(t => t.Tag == etag.Tag || t.Tag == "*")
            || (requestHeaders.IfNoneMatch.Count == 0 && requestHeaders.IfModifiedSince is { } since && lastModified <= since.AddSeconds(1)))
            return Results.StatusCode(StatusCodes.Status304NotModified);

        http.Response.ContentType = format.ContentType();
        if (HttpMethods.IsHead(http.Request.Method)) return Results.Empty;

        var instance = new DcatInstance
        {
            BaseUrl = baseUrl,
            Title = new LocalizedText(options.CatalogueTitle, options.CatalogueTitleEn),
            Description = new LocalizedText(options.CatalogueDescription, options.CatalogueDescriptionEn),
            Publisher = new DcatAgent(options.PublisherName, options.PublisherOrganisationNumber, AdmsPublisherType.RegionalAuthority),
            Modified = lastModified,
        };
        var skip = paging is null ? 0 : (paging.Number - 1) * pageSize;
        var take = paging is null ? int.MaxValue : pageSize;
        var catalogues = Windowed(source, organisations, baseUrl, skip, take, ct);
        if (org is null)
            await DcatCatalogueWriter.WriteInstanceAsync(http.Response.Body, instance, catalogues, format, paging, ct);
        else
            await foreach (var only in catalogues.WithCancellation(ct))
                await DcatCatalogueWriter.WriteOrganisationAsync(http.Response.Body, instance, only, format, paging, ct);
        return Results.Empty;
    }

    /// <summary>Spreads one global window of datasets (for a page) over the organisations in slug order.</summary>
    private static async IAsyncEnumerable<DcatOrganisationCatalogue> Windowed(DcatCatalogueSource source,
        List<Core.Catalogue.Organisation> organisations, string baseUrl, int skip, int take,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var organisation in organisations)
        {
            var count = await source.CountAsync(organisation.Slug, ct);
            if (skip >= count && organisations.Count > 1)
            {
                skip -= count;
                continue;
            }
            var here = Math.Min(take, Math.Max(0, count - skip));
            yield return new DcatOrganisationCatalogue(DcatCatalogueSource.Map(organisation), source.DatasetsAsync(organisation, baseUrl, skip, here, ct));
            take -= here;
            skip = 0;
            if (take <= 0) yield break;
        }
    }
}
