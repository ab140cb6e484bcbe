using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Organisations;
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
        admin.MapDatasetMetadata();
        admin.MapLifecycle();
        Dataportal.DataportalEndpoints.MapDataportal(admin);
        return app;
    }

    private static async Task<Ok<List<OrganisationResponse>>> ListOrganisations(SourceQueries queries, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await queries.OrganisationsAsync(ApiKeyGrant.CallerOf(http), ct)).Select(OrganisationResponse.From).ToList());

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest request, OrganisationOperations organisations, HttpContext http, CancellationToken ct)
    {
        var result = await organisations.CreateAsync(new CreateOrganisation(ApiKeyGrant.CallerOf(http), request.Slug, request.Name,
            request.OrganisationNumber, request.MunicipalityCode, request.PublisherType, request.Homepage, request.ContactEmail,
            request.ContactPhone, request.SpatialIri), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Created($"/api/admin/organisations/{result.Value!.Slug}", OrganisationResponse.From(result.Value!));
    }

    private static async Task<Ok<List<SourceResponse>>> ListSources(string? org, SourceQueries queries, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await queries.SourcesAsync(ApiKeyGrant.CallerOf(http), org, ct)).Select(SourceResponse.From).ToList());

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> GetSource(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.SourceAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(SourceResponse.From(result.Value!)) : UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Created<SourceResponse>, ValidationProblem, ProblemHttpResult>> CreateSource(
        string org, CreateSourceRequest request, RegisterSourceHandler registration, HttpContext http, CancellationToken ct)
    {
        var result = await registration.HandleAsync(request.ToCommand(ApiKeyGrant.CallerOf(http), org), ct);
        if (result.Succeeded)
        {
            var registered = result.Value!;
            return TypedResults.Created($"/api/admin/sources/{registered.Source.Id}",
                SourceResponse.From(new SourceView(registered.Source, registered.Dataset?.Slug, registered.Organisation.Slug)));
        }
        return UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Accepted<HarvestTriggeredResponse>, ProblemHttpResult>> TriggerHarvest(
        Guid id, TriggerHarvestHandler trigger, HttpContext http, CancellationToken ct)
    {
        var result = await trigger.HandleAsync(new TriggerHarvest(ApiKeyGrant.CallerOf(http), id), ct);
        return result.Succeeded ? Accepted(id, result.Value!.JobId) : UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Ok<List<HarvestRunResponse>>, ProblemHttpResult>> ListRuns(
        Guid id, int? limit, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.RunsAsync(ApiKeyGrant.CallerOf(http), id, limit ?? 50, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Select(r => HarvestRunResponse.From(r, withDetails: true)).ToList()) : UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Ok<HarvestRunResponse>, ProblemHttpResult>> GetRun(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.RunAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(HarvestRunResponse.From(result.Value!, withDetails: true)) : UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Ok<List<SourceItemResponse>>, ProblemHttpResult>> ListItems(
        Guid id, SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var result = await queries.ItemsAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Select(SourceItemResponse.From).ToList()) : UseCaseHttp.Problem(result);
    }

    internal static Accepted<HarvestTriggeredResponse> Accepted(Guid sourceId, string jobId)
    {
        var runsUrl = $"/api/admin/sources/{sourceId}/runs";
        return TypedResults.Accepted(runsUrl, new HarvestTriggeredResponse(sourceId, jobId, runsUrl));
    }
}
