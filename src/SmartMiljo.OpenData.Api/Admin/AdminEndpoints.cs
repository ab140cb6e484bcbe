using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>
/// The admin API: organisations, sources, harvests and their runs. Every read and write needs an API key:
/// the instance's key acts on everything, an organisation's key on that organisation only. What a key may
/// see or change is decided by the use cases' authorisation, not here.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").AddEndpointFilter<ApiKeyEndpointFilter>();

        admin.MapGet("/organisations", ListOrganisations).WithName("ListOrganisations");
        admin.MapPost("/organisations", CreateOrganisation).WithName("CreateOrganisation");
        admin.MapGet("/sources", ListSources).WithName("ListSources");
        admin.MapGet("/sources/{id:guid}", GetSource).WithName("GetSource");
        admin.MapPost("/organisations/{org}/sources", CreateSource).WithName("CreateSource");
        admin.MapPost("/sources/{id:guid}/harvest", TriggerHarvest).WithName("TriggerHarvest");
        admin.MapGet("/sources/{id:guid}/runs", ListRuns).WithName("ListRuns");
        admin.MapGet("/runs/{id:guid}", GetRun).WithName("GetRun");
        admin.MapGet("/sources/{id:guid}/items", ListItems).WithName("ListSourceItems");
        admin.MapSourceUploads();
        admin.MapHeldVersionApproval();
        return app;
    }

    private static async Task<Ok<List<OrganisationResponse>>> ListOrganisations(SourceQueries queries, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await queries.OrganisationsAsync(ApiKeyGrant.CallerOf(http), ct)).Select(OrganisationResponse.From).ToList());

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest request, CatalogueDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ApiKeyGrant.CallerOf(http).IsInstanceAdministrator)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "Only the instance's API key may create organisations; this key belongs to one organisation.");
        var errors = new Dictionary<string, string[]>();
        if (!InputRules.IsSlug(request.Slug)) errors["slug"] = ["Use lower-case letters, digits and hyphens, e.g. 'mariestad'."];
        else if (request.Slug is "dcat" or "api" or "admin") errors["slug"] = [$"'{request.Slug}' is reserved; choose another slug."];
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["The name is required."];
        if (!InputRules.IsOrganisationNumber(request.OrganisationNumber))
            errors["organisationNumber"] = ["Give the organisationsnummer as ten digits without hyphen, e.g. 2120001637; the last digit is a check digit."];
        if (request.MunicipalityCode is { } code && !(code.Length is 2 or 4 && code.All(char.IsAsciiDigit)))
            errors["municipalityCode"] = ["A kommunkod has four digits (e.g. 1493), a region code two."];
        if (request.SpatialIri is { } spatial && !(Uri.TryCreate(spatial, UriKind.Absolute, out var place) && place.Scheme is "http" or "https"))
            errors["spatialIri"] = ["Give the place as an absolute http(s) IRI, e.g. a GeoNames IRI such as https://sws.geonames.org/2699050/."];
        foreach (var (field, messages) in MetadataRules.Check(new OrganisationMetadata
                 { Name = request.Name, Homepage = request.Homepage, ContactEmail = request.ContactEmail, ContactPhone = request.ContactPhone, SpatialIri = request.SpatialIri }).ToErrors())
            errors.TryAdd(field, messages);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await db.Organisations.AnyAsync(o => o.Slug == request.Slug || o.OrganisationNumber == request.OrganisationNumber, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "An organisation with this slug or organisationsnummer already exists.");
        var organisation = new Organisation
        {
            Slug = request.Slug, Name = request.Name.Trim(), OrganisationNumber = request.OrganisationNumber,
            MunicipalityCode = request.MunicipalityCode, PublisherType = request.PublisherType ?? PublisherType.LocalAuthority,
            Homepage = request.Homepage, ContactEmail = request.ContactEmail, ContactPhone = request.ContactPhone,
            SpatialIri = request.SpatialIri, CreatedAt = clock.GetUtcNow(),
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/organisations/{organisation.Slug}", OrganisationResponse.From(organisation));
    }

    private static async Task<Ok<List<SourceResponse>>> ListSources(string? org, SourceQueries queries, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await queries.SourcesAsync(ApiKeyGrant.CallerOf(http), org, ct)).Select(SourceResponse.From).ToList());

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> GetSource(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.SourceAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(SourceResponse.From(result.Value!)) : Refusal(result);
    }

    private static async Task<Results<Created<SourceResponse>, ValidationProblem, ProblemHttpResult>> CreateSource(
        string org, CreateSourceRequest request, RegisterSourceHandler registration, HttpContext http, CancellationToken ct)
    {
        var result = await registration.HandleAsync(request.ToCommand(ApiKeyGrant.CallerOf(http), org), ct);
        if (result.Succeeded)
        {
            var registered = result.Value!;
            return TypedResults.Created($"/api/admin/sources/{registered.Source.Id}",
                SourceResponse.From(new SourceView(registered.Source, registered.Dataset.Slug, registered.Organisation.Slug)));
        }
        return result.Status switch
        {
            UseCaseStatus.Invalid => TypedResults.ValidationProblem(result.Errors),
            UseCaseStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Detail),
            _ => Refusal(result),
        };
    }

    private static async Task<Results<Accepted<HarvestTriggeredResponse>, ProblemHttpResult>> TriggerHarvest(
        Guid id, TriggerHarvestHandler trigger, HttpContext http, CancellationToken ct)
    {
        var result = await trigger.HandleAsync(new TriggerHarvest(ApiKeyGrant.CallerOf(http), id), ct);
        return result.Succeeded ? Accepted(id, result.Value!.JobId) : Refusal(result);
    }

    private static async Task<Results<Ok<List<HarvestRunResponse>>, ProblemHttpResult>> ListRuns(
        Guid id, int? limit, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.RunsAsync(ApiKeyGrant.CallerOf(http), id, limit ?? 50, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Select(r => HarvestRunResponse.From(r, withDetails: true)).ToList()) : Refusal(result);
    }

    private static async Task<Results<Ok<HarvestRunResponse>, ProblemHttpResult>> GetRun(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.RunAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(HarvestRunResponse.From(result.Value!, withDetails: true)) : Refusal(result);
    }

    private static async Task<Results<Ok<List<SourceItemResponse>>, ProblemHttpResult>> ListItems(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.ItemsAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Select(SourceItemResponse.From).ToList()) : Refusal(result);
    }

    internal static Accepted<HarvestTriggeredResponse> Accepted(Guid sourceId, string jobId)
    {
        var runsUrl = $"/api/admin/sources/{sourceId}/runs";
        return TypedResults.Accepted(runsUrl, new HarvestTriggeredResponse(sourceId, jobId, runsUrl));
    }

    /// <summary>A refused use case as HTTP: 404 when the resource does not exist, 403 when it is another organisation's.</summary>
    internal static ProblemHttpResult Refusal<T>(UseCaseResult<T> result) => result.Status == UseCaseStatus.NotFound
        ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: result.Detail)
        : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: result.Detail);
}
