using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>Uploading a file (CSV, TSV, GeoJSON, XLSX) to a file-drop source, which is then harvested.</summary>
public static class UploadEndpoints
{
    public static RouteGroupBuilder MapSourceUploads(this RouteGroupBuilder writes)
    {
        // The body is the file itself; ?fileName= names it (its extension says how to read it).
        writes.MapPost("/sources/{id:guid}/upload", UploadAsync).WithName("UploadToSource").DisableAntiforgery();
        return writes;
    }

    private static async Task<Results<Accepted<HarvestTriggeredResponse>, NotFound<ProblemDetailsBody>, ValidationProblem>> UploadAsync(
        Guid id, string? fileName, HttpRequest request, CatalogueDbContext db, FileDropInbox inbox, HarvestScheduler scheduler, CancellationToken ct)
    {
        var source = await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null) return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No source {id}."));
        try
        {
            await inbox.AcceptAsync(source, fileName ?? "", request.Body, ct);
        }
        catch (UploadRejectedException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [ex.Message] });
        }
        var jobId = scheduler.TriggerNow(id, "upload");
        var runsUrl = $"/api/admin/sources/{id}/runs";
        return TypedResults.Accepted(runsUrl, new HarvestTriggeredResponse(id, jobId, runsUrl));
    }
}
