using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Sources;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>Uploading a file (CSV, TSV, GeoJSON, XLSX) to a file-drop source, which is then harvested.</summary>
public static class UploadEndpoints
{
    public static RouteGroupBuilder MapSourceUploads(this RouteGroupBuilder admin)
    {
        // The body is the file itself; ?fileName= names it (its extension says how to read it).
        admin.MapPost("/sources/{id:guid}/upload", UploadAsync).WithName("UploadToSource").DisableAntiforgery();
        return admin;
    }

    private static async Task<Results<Accepted<HarvestTriggeredResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, string? fileName, HttpRequest request, UploadToSourceHandler upload, CancellationToken ct)
    {
        var result = await upload.HandleAsync(new UploadToSource(ApiKeyGrant.CallerOf(request.HttpContext), id, fileName ?? "", request.Body), ct);
        if (result.Succeeded) return AdminEndpoints.Accepted(id, result.Value!.JobId);
        return UseCaseHttp.Problem(result);
    }
}
