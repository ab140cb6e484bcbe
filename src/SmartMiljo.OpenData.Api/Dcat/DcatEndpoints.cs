using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Shacl;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// HTTP endpoints for DCAT-AP-SE: the published catalogue (content negotiation, extensions, Hydra paging,
/// conditional GET), validation of any catalogue, and MQA scores for administrators.
/// Needs <see cref="DcatServiceCollectionExtensions.AddDcat"/> and an <see cref="IDcatCatalogueSource"/>.
/// </summary>
public static class DcatEndpoints
{
    /// <summary>
    /// GET/HEAD <c>/datasets/dcat</c>, <c>/datasets/dcat.{ext}</c>, <c>/datasets/dcat/{org}</c>, <c>/datasets/dcat/{org}.{ext}</c>
    /// (ext: rdf, ttl, nt, jsonld); <c>?after=organisation/dataset</c> when the catalogue is paged (keyset, see <see cref="DcatPage"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapDcatCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/datasets/dcat", ["GET", "HEAD"], (HttpContext c) => ServeCatalogueAsync(c, null, null)).WithName("DcatCatalogue");
        app.MapMethods("/datasets/dcat.{ext:regex(^(rdf|ttl|nt|jsonld)$)}", ["GET", "HEAD"], (HttpContext c, string ext) => ServeCatalogueAsync(c, null, ext));
        app.MapMethods("/datasets/dcat/{org}.{ext:regex(^(rdf|ttl|nt|jsonld)$)}", ["GET", "HEAD"], (HttpContext c, string org, string ext) => ServeCatalogueAsync(c, org, ext));
        app.MapMethods("/datasets/dcat/{org}", ["GET", "HEAD"], (HttpContext c, string org) => ServeCatalogueAsync(c, org, null));
        return app;
    }

    /// <summary>
    /// <c>GET /api/dcat/validate</c> validates our own catalogue, <c>GET /api/dcat/validate?url=…</c> a published
    /// one, and <c>POST /api/dcat/validate</c> an uploaded document (Content-Type or <c>?format=ttl</c> says its syntax).
    /// </summary>
    public static RouteGroupBuilder MapDcatValidation(this IEndpointRouteBuilder app, string prefix = "/api/dcat")
    {
        var group = app.MapGroup(prefix);
        group.MapGet("/validate", ValidateGetAsync);
        group.MapPost("/validate", ValidatePostAsync).DisableAntiforgery();
        return group;
    }

    /// <summary>
    /// <c>GET {prefix}/mqa?organisation=slug&amp;checkUrls=true</c>: MQA score per dataset and catalogue with to-dos.
    /// Returns the group so the host can add <c>.RequireAuthorization(…)</c>.
    /// </summary>
    public static RouteGroupBuilder MapDcatAdmin(this IEndpointRouteBuilder app, string prefix = "/api/admin/dcat")
    {
        var group = app.MapGroup(prefix);
        group.MapGet("/mqa", MqaAsync);
        return group;
    }

    // ------------------------------------------------------------------ catalogue

    private static async Task ServeCatalogueAsync(HttpContext context, string? organisation, string? extension)
    {
        var request = context.Request;
        var response = context.Response;
        var source = context.RequestServices.GetRequiredService<IDcatCatalogueSource>();
        var options = context.RequestServices.GetRequiredService<IOptions<DcatOptions>>().Value;
        var ct = context.RequestAborted;

        RdfSerialization format;
        if (extension is not null)
        {
            if (!RdfSerializations.TryFromExtension(extension, out format)) { response.StatusCode = StatusCodes.Status404NotFound; return; }
        }
        else if (RdfSerializations.Negotiate(request.Headers.Accept.ToString()) is { } negotiated) format = negotiated;
        else
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            await response.WriteAsync("Acceptable: application/rdf+xml, text/turtle, application/ld+json, application/n-triples.", ct);
            return;
        }

        var version = await source.GetVersionAsync(organisation, ct);
        if (!version.Exists) { response.StatusCode = StatusCodes.Status404NotFound; return; }

        // Keyset paging: ?after=org/dataset names the dataset a page starts after (empty: the first page). The
        // ?page=1 of earlier feeds still names the first page; other page numbers no longer exist.
        DcatDatasetKey? after = null;
        var afterText = "";
        if (request.Query.TryGetValue("after", out var afterValue))
        {
            afterText = afterValue.ToString();
            if (afterText.Length > 0 && !DcatDatasetKey.TryParse(afterText, out after))
            {
                await Problem(context, StatusCodes.Status400BadRequest, "after must be a page key as the hydra:next link gives it (organisation/dataset).");
                return;
            }
        }
        if (request.Query.TryGetValue("page", out var pageText) && pageText.ToString() != "1")
        {
            await Problem(context, StatusCodes.Status400BadRequest,
                "The catalogue is paged by key: start without page (or page=1) and follow the hydra:next links (?after=…).");
            return;
        }
        DcatPage? page = null;
        var range = DcatKeyRange.All;
        if (version.DatasetCount > options.PageSize || request.Query.ContainsKey("after"))
        {
            var end = await source.FindPageEndAsync(organisation, after, options.PageSize, ct);
            // The page ends at a key, not after a count: a dataset added meanwhile lands on the page its key belongs to.
            range = new DcatKeyRange(after, end.More ? end.Last : null);
            page = new DcatPage(options.PageSize, version.DatasetCount)
            {
                After = after?.ToString() ?? "",
                Next = end.More ? end.Last!.ToString() : null,
                Extension = extension,
            };
        }

        // A key may hold any character: the page part of the tag is a hash of it.
        var etag = HttpConditional.ETag(version.Token + (page is null ? "" : "-" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(page.After + "\n" + page.Next)))[..16]), format);
        response.Headers.ETag = etag;
        response.Headers.LastModified = version.LastModified.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
        response.Headers.Vary = "Accept";
        response.Headers.CacheControl = $"public, max-age={(int)options.CatalogueMaxAge.TotalSeconds}";
        if (HttpConditional.IsNotModified(request.Headers.IfNoneMatch.ToString(), request.Headers.IfModifiedSince.ToString(), etag, version.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = format.ContentType();
        if (HttpMethods.IsHead(request.Method)) return;

        var instance = await source.GetInstanceAsync(ct);
        var organisations = source.GetOrganisationsAsync(organisation, range, ct);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SmartMiljo.OpenData.Api.Dcat");
        // A stored value the catalogue cannot carry costs that value or that record, with a log line; never the feed.
        void Omitted(DcatOmission omission) => logger.LogWarning("DCAT catalogue: {Omission}", omission.ToString());
        try
        {
            if (organisation is null)
            {
                await DcatCatalogueWriter.WriteInstanceAsync(response.Body, instance, organisations, format, page, ct, Omitted);
            }
            else
            {
                await using var e = organisations.GetAsyncEnumerator(ct);
                if (!await e.MoveNextAsync()) { NotCached(response); response.StatusCode = StatusCodes.Status404NotFound; return; }
                await DcatCatalogueWriter.WriteOrganisationAsync(response.Body, instance, e.Current, format, page, ct, Omitted);
            }
        }
        catch (Exception ex) when (ex is DcatMappingException or RdfException)
        {
            // Only the instance's own description (configuration) can still fail here.
            logger.LogError(ex, "DCAT catalogue {Organisation} could not be written", organisation ?? "(instance)");
            // Part of the document may be sent already: abort so a harvester never keeps a truncated catalogue.
            if (response.HasStarted) context.Abort();
            else
            {
                NotCached(response);
                await Problem(context, StatusCodes.Status500InternalServerError, "The catalogue could not be written: " + ex.Message);
            }
        }
    }

    /// <summary>
    /// The description behind a dataset's own IRI (<c>/datasets/{org}/{dataset}</c> asked for RDF): the dataset with
    /// its distributions, data service, publisher and contact, not its organisation's whole catalogue. False when the
    /// organisation has no such published dataset (the caller answers 404 or 410).
    /// </summary>
    public static async Task<bool> ServeDatasetAsync(HttpContext context, string organisation, string dataset, RdfSerialization format)
    {
        var source = context.RequestServices.GetRequiredService<IDcatCatalogueSource>();
        var ct = context.RequestAborted;
        var record = await source.GetDatasetAsync(organisation, dataset, ct);
        if (record is null) return false;
        var instance = await source.GetInstanceAsync(ct);
        var response = context.Response;
        response.ContentType = format.ContentType();
        response.Headers.Vary = "Accept";
        if (HttpMethods.IsHead(context.Request.Method)) return true;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SmartMiljo.OpenData.Api.Dcat");
        await DcatCatalogueWriter.WriteDatasetAsync(response.Body, instance, record.Organisation, record.Dataset, format, ct,
            omission => logger.LogWarning("DCAT dataset: {Omission}", omission.ToString()));
        return true;
    }

    /// <summary>An error must not be kept by caches in place of the catalogue.</summary>
    private static void NotCached(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Remove("ETag");
        response.Headers.Remove("Last-Modified");
    }

    // ------------------------------------------------------------------ validation

    private static async Task<IResult> ValidateGetAsync(HttpContext context, string? url)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DcatOptions>>().Value;
        var ct = context.RequestAborted;
        try
        {
            RdfGraph graph;
            string subject;
            if (string.IsNullOrWhiteSpace(url))
            {
                var source = services.GetRequiredService<IDcatCatalogueSource>();
                graph = await DcatCatalogueWriter.BuildGraphAsync(await source.GetInstanceAsync(ct), source.GetOrganisationsAsync(null, DcatKeyRange.All, ct), ct);
                subject = "published catalogue";
            }
            else
            {
                graph = await FetchCatalogueAsync(services.GetRequiredService<OutboundHttp>(), url, options, ct);
                subject = url;
            }
            return Results.Ok(Report(subject, services.GetRequiredService<DcatShapeProvider>().Validator.Validate(graph)));
        }
        catch (RdfException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The catalogue cannot be read");
        }
        catch (OutboundRequestRefusedException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The address is not fetched");
        }
        catch (HttpRequestException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "The catalogue cannot be fetched");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Results.Problem("The catalogue did not arrive in time.", statusCode: StatusCodes.Status504GatewayTimeout, title: "Timeout");
        }
    }

    /// <summary>Fetches a catalogue by URL through the network guard (every hop checked) within the size and time limits.</summary>
    private static async Task<RdfGraph> FetchCatalogueAsync(OutboundHttp http, string url, DcatOptions options, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var start) || start.Scheme is not ("http" or "https"))
            throw new RdfException($"'{url}' is not an absolute http(s) URL.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.FetchTimeout);
        var final = start;
        using var response = await http.SendAsync(start, uri =>
        {
            final = uri;
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept", "application/rdf+xml, text/turtle;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, */*;q=0.1");
            return request;
        }, deadline.Token);
        if (!response.IsSuccessStatusCode) throw new RdfException($"{final} answered HTTP {(int)response.StatusCode}.");
        if (response.Content.Headers.ContentLength > options.MaxValidationBytes)
            throw new RdfException($"The document at {final} is larger than the limit of {options.MaxValidationBytes / 1_000_000.0:0.#} MB.");
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        return await RdfDocumentLoader.LoadAsync(body, response.Content.Headers.ContentType?.ToString(), final.AbsoluteUri,
            options.MaxValidationBytes, final.AbsoluteUri, deadline.Token, options.ValidationLimits);
    }

    private static async Task<IResult> ValidatePostAsync(HttpContext context, string? format)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DcatOptions>>().Value;
        try
        {
            var mediaType = context.Request.ContentType;
            if (format is not null)
            {
                if (!RdfSerializations.TryFromExtension(format, out var explicitFormat))
                    return Results.Problem($"Unknown format '{format}' (rdf, ttl, nt, jsonld).", statusCode: StatusCodes.Status400BadRequest);
                mediaType = explicitFormat.MediaType();
            }
            var graph = await RdfDocumentLoader.LoadAsync(context.Request.Body, mediaType, null, options.MaxValidationBytes, "urn:upload:", context.RequestAborted, options.ValidationLimits);
            return Results.Ok(Report("uploaded document", services.GetRequiredService<DcatShapeProvider>().Validator.Validate(graph)));
        }
        catch (RdfException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The catalogue cannot be read");
        }
    }

    private static object Report(string subject, DcatValidationReport report) => new
    {
        subject,
        conforms = report.Conforms,
        violations = report.Violations,
        warnings = report.Warnings,
        triples = report.Triples,
        datasets = report.Datasets,
        sets = report.Sets.Select(s => new
        {
            name = s.Name,
            description = s.Description,
            conforms = s.Report.Conforms,
            violations = s.Report.Violations,
            warnings = s.Report.Warnings,
            results = s.Report.Results.Select(r => new
            {
                severity = r.Severity.ToString(),
                focusNode = r.FocusNode,
                path = r.Path,
                value = r.Value,
                message = r.Message,
                constraint = r.Constraint,
                shape = r.SourceShape,
            }),
        }),
    };

    // ------------------------------------------------------------------ MQA

    private static async Task<IResult> MqaAsync(HttpContext context, string? organisation, bool? checkUrls)
    {
        var services = context.RequestServices;
        var ct = context.RequestAborted;
        var source = services.GetRequiredService<IDcatCatalogueSource>();
        if (organisation is not null && !(await source.GetVersionAsync(organisation, ct)).Exists) return Results.NotFound();

        var graph = await DcatCatalogueWriter.BuildGraphAsync(await source.GetInstanceAsync(ct), source.GetOrganisationsAsync(organisation, DcatKeyRange.All, ct), ct);
        IUrlProbe? probe = checkUrls == true
            ? new GuardedUrlProbe(services.GetRequiredService<OutboundHttp>(), services.GetRequiredService<IOptions<DcatOptions>>().Value.FetchTimeout)
            : null;
        var score = await new MqaScorer(probe, services.GetRequiredService<DcatShapeProvider>().ComplianceShapes).ScoreAsync(graph, ct);
        return Results.Ok(new
        {
            points = score.Points,
            maxPoints = score.MaxPoints,
            swedishPoints = score.SwedishPoints,
            swedishMaxPoints = score.SwedishMaxPoints,
            rating = score.Rating.ToString(),
            swedishRating = score.SwedishRating.ToString(),
            urlsChecked = probe is not null,
            todos = score.Todos,
            indicators = score.Indicators.Select(i => new
            {
                dimension = i.Dimension.ToString(), name = i.Name, property = i.Property, maxPoints = i.MaxPoints,
                averagePoints = i.AveragePoints, datasetsShort = i.DatasetsShort, countedInSweden = i.CountedInSweden,
            }),
            datasets = score.Datasets.Select(d => new
            {
                dataset = d.Dataset,
                title = d.Title,
                points = d.Points,
                swedishPoints = d.SwedishPoints,
                rating = d.SwedishRating.ToString(),
                byDimension = d.ByDimension.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                todos = d.Todos,
                indicators = d.Indicators.Select(i => new
                {
                    dimension = i.Dimension.ToString(), name = i.Name, property = i.Property, maxPoints = i.MaxPoints,
                    points = i.Points, check = i.Check.ToString(), countedInSweden = i.CountedInSweden, todo = i.Todo,
                }),
            }),
        });
    }

    private static Task Problem(HttpContext context, int status, string detail) =>
        Results.Problem(detail, statusCode: status).ExecuteAsync(context);
}
