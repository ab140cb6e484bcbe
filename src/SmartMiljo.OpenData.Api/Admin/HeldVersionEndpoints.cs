using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>Approving what a run held for review (a sharp drop in rows, a file that ends mid-record).</summary>
public static class HeldVersionEndpoints
{
    public static RouteGroupBuilder MapHeldVersionApproval(this RouteGroupBuilder writes)
    {
        writes.MapPost("/runs/{id:guid}/approve", ApproveAsync).WithName("ApproveHeldRun");
        return writes;
    }

    private static async Task<Results<Ok<HarvestRunResponse>, NotFound<ProblemDetailsBody>, ProblemHttpResult>> ApproveAsync(
        Guid id, CatalogueDbContext db, HeldVersionApproval approval, HttpContext http, CancellationToken ct)
    {
        var organisationId = await (from r in db.HarvestRuns
                                    join s in db.HarvestSources on r.SourceId equals s.Id
                                    where r.Id == id
                                    select (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct);
        if (organisationId is null) return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No run {id}."));
        if (ApiKeyGrant.Of(http) is { } grant && !grant.Covers(organisationId.Value))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"This API key belongs to another organisation and may not approve run {id}.");
        var result = await approval.ApproveAsync(id, ct);
        if (result.Published == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing held",
                detail: "Körningen håller ingen version för granskning (den är redan godkänd eller ersatt av en nyare). / The run holds no version for review (it was approved already or replaced by a newer one).");
        return TypedResults.Ok(HarvestRunResponse.From(result.Run!, withDetails: true));
    }
}
