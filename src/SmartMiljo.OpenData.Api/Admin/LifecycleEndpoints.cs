using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Datasets;
using SmartMiljo.OpenData.Application.Organisations;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Application.Sources;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>
/// The publishing life after the first publication: an organisation's details, members and API keys; changing
/// or removing a source; withdrawing a dataset. Each is a use case of the Application layer (the web calls
/// the same ones), which decides what the key may do.
/// </summary>
public static class LifecycleEndpoints
{
    public static RouteGroupBuilder MapLifecycle(this RouteGroupBuilder admin)
    {
        admin.MapPatch("/organisations/{org}", EditOrganisation).WithName("EditOrganisation");
        admin.MapGet("/organisations/{org}/keys", ListKeys).WithName("ListApiKeys");
        admin.MapPost("/organisations/{org}/keys", IssueKey).WithName("CreateApiKey");
        admin.MapDelete("/organisations/{org}/keys/{id:guid}", RevokeKey).WithName("RevokeApiKey");
        admin.MapGet("/organisations/{org}/members", ListMembers).WithName("ListMembers");
        admin.MapPost("/organisations/{org}/members", GrantMember).WithName("AddMember");
        admin.MapDelete("/organisations/{org}/members/{id:guid}", RevokeMember).WithName("RemoveMember");
        admin.MapPatch("/sources/{id:guid}", EditSource).WithName("EditSource");
        admin.MapDelete("/sources/{id:guid}", DeleteSource).WithName("DeleteSource");
        admin.MapDelete("/datasets/{id:guid}", WithdrawDataset).WithName("WithdrawDataset");
        return admin;
    }

    private static async Task<Results<Ok<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> EditOrganisation(
        string org, EditOrganisationRequest request, [FromServices] OrganisationOperations organisations, HttpContext http, CancellationToken ct)
    {
        var result = await organisations.EditAsync(request.ToCommand(ApiKeyGrant.CallerOf(http), org), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Ok(OrganisationResponse.From(result.Value!));
    }

    private static async Task<Results<Ok<List<ApiKeyResponse>>, ValidationProblem, ProblemHttpResult>> ListKeys(
        string org, bool? includeRevoked, [FromServices] ApiKeyOperations keys, HttpContext http, CancellationToken ct)
    {
        var result = await keys.ListAsync(ApiKeyGrant.CallerOf(http), org, includeRevoked ?? false, ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Ok(result.Value!.Select(ApiKeyResponse.From).ToList());
    }

    private static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> IssueKey(
        string org, [FromServices] ApiKeyOperations keys, HttpContext http, CancellationToken ct)
    {
        var result = await keys.IssueAsync(ApiKeyGrant.CallerOf(http), org, ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        var (key, secret) = (result.Value!.Key, result.Value.Secret);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/admin/organisations/{org}/keys/{key.Id}",
            new IssuedApiKeyResponse(key.Id, key.Prefix, key.CreatedAt, key.CreatedBy, secret));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> RevokeKey(
        string org, Guid id, [FromServices] ApiKeyOperations keys, HttpContext http, CancellationToken ct)
    {
        var result = await keys.RevokeAsync(ApiKeyGrant.CallerOf(http), org, id, ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Ok(ApiKeyResponse.From(result.Value!));
    }

    private static async Task<Results<Ok<List<MemberResponse>>, ValidationProblem, ProblemHttpResult>> ListMembers(
        string org, [FromServices] MemberOperations members, HttpContext http, CancellationToken ct)
    {
        var result = await members.ListAsync(ApiKeyGrant.CallerOf(http), org, ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Ok(result.Value!.Select(MemberResponse.From).ToList());
    }

    private static async Task<Results<Created<MemberResponse>, ValidationProblem, ProblemHttpResult>> GrantMember(
        string org, GrantMemberRequest request, [FromServices] MemberOperations members, HttpContext http, CancellationToken ct)
    {
        var result = await members.GrantAsync(new GrantMembership(ApiKeyGrant.CallerOf(http), org, request.Email, request.Role, request.Name, request.Password), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Created($"/api/admin/organisations/{org}/members/{result.Value!.UserId}", MemberResponse.From(result.Value!));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RevokeMember(
        string org, Guid id, [FromServices] MemberOperations members, HttpContext http, CancellationToken ct)
    {
        var result = await members.RevokeAsync(new RevokeMembership(ApiKeyGrant.CallerOf(http), org, id), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SourceResponse>, ValidationProblem, ProblemHttpResult>> EditSource(
        Guid id, EditSourceRequest request, [FromServices] EditSourceHandler edit, [FromServices] SourceQueries queries, HttpContext http, CancellationToken ct)
    {
        var caller = ApiKeyGrant.CallerOf(http);
        var result = await edit.HandleAsync(request.ToCommand(caller, id), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.Ok(SourceResponse.From((await queries.SourceAsync(caller, id, ct)).Value!));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteSource(
        Guid id, [FromServices] DeleteSourceHandler delete, HttpContext http, CancellationToken ct)
    {
        var result = await delete.HandleAsync(new DeleteSource(ApiKeyGrant.CallerOf(http), id), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WithdrawnDatasetResponse>, ValidationProblem, ProblemHttpResult>> WithdrawDataset(
        Guid id, [FromServices] WithdrawDatasetHandler withdraw, HttpContext http, CancellationToken ct)
    {
        var result = await withdraw.HandleAsync(new WithdrawDataset(ApiKeyGrant.CallerOf(http), id), ct);
        if (!result.Succeeded) return UseCaseHttp.Problem(result);
        var done = result.Value!;
        return TypedResults.Ok(new WithdrawnDatasetResponse(done.DatasetId, done.OrganisationSlug, done.DatasetSlug, done.Deleted ? "deleted" : "withdrawn"));
    }
}
