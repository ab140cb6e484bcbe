using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Harvesting.Pipeline;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>Approving what a run held for review (a sharp drop in rows, a file that ends mid-record).</summary>
public static class HeldVersionEndpoints
{
    public static RouteGroupBuilder MapHeldVersionApproval(this RouteGroupBuilder writes)
    {
        writes.MapPost("/runs/{id:guid}/approve", ApproveAsync).WithName("ApproveHeldRun");
        return writes;
    }

    private static async Task<Results<Ok<HarvestRunResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, ResourceAuthorisation authorisation, HeldVersionApproval approval, HttpContext http, CancellationToken ct)
    {
        var access = await authorisation.RunAsync(ApiKeyGrant.CallerOf(http), id, ct, Permission.Change);
        if (access.Outcome == AccessOutcome.NotFound) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No run {id}.");
        if (!access.Granted)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"This API key belongs to another organisation and may not approve run {id}.");
        var result = await approval.ApproveAsync(id, ct);
        if (result.Published == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing held",
                detail: "Körningen håller ingen version för granskning (den är redan godkänd eller ersatt av en nyare). / The run holds no version for review (it was approved already or replaced by a newer one).");
        return TypedResults.Ok(HarvestRunResponse.From(result.Run!, withDetails: true));
    }
}
