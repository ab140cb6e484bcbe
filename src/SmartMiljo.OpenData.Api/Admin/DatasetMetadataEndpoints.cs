using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Datasets;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>
/// A dataset's DCAT-AP-SE description: <c>GET /api/admin/datasets/{id}</c> shows it, <c>PATCH</c> changes the
/// fields a JSON merge patch (RFC 7396) names, e.g. <c>{"temporal":{"start":"2020-01-01","end":null}}</c>;
/// null removes a value. The merged whole is checked by the metadata rules before anything is stored.
/// </summary>
public static class DatasetMetadataEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapDatasetMetadata(this RouteGroupBuilder admin)
    {
        admin.MapGet("/datasets/{id:guid}", GetMetadata).WithName("GetDatasetMetadata");
        admin.MapPatch("/datasets/{id:guid}", PatchMetadata).WithName("PatchDatasetMetadata")
            .Accepts<DatasetMetadataInput>("application/merge-patch+json", "application/json");
        return admin;
    }

    private static async Task<Results<Ok<DatasetMetadataResponse>, ProblemHttpResult>> GetMetadata(
        Guid id, DatasetMetadataQuery query, HttpContext http, CancellationToken ct)
    {
        var result = await query.HandleAsync(ApiKeyGrant.CallerOf(http), id, ct);
        return result.Succeeded ? TypedResults.Ok(DatasetMetadataResponse.From(result.Value!)) : UseCaseHttp.Problem(result);
    }

    private static async Task<Results<Ok<DatasetMetadataResponse>, ValidationProblem, ProblemHttpResult>> PatchMetadata(
        Guid id, HttpRequest request, DatasetMetadataQuery query, EditDatasetMetadataHandler edit, HttpContext http, CancellationToken ct)
    {
        var caller = ApiKeyGrant.CallerOf(http);
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return NotJson("The body is not JSON; send a JSON object with the fields to change.");
        }
        if (patch is not JsonObject changes) return NotJson("Send a JSON object with the fields to change, e.g. {\"temporal\":{\"start\":\"2020-01-01\"}}.");

        var current = await query.HandleAsync(caller, id, ct);
        if (!current.Succeeded) return UseCaseHttp.Problem(current);
        var merged = JsonSerializer.SerializeToNode(current.Value!.Metadata, Json)!.AsObject();
        MergePatch(merged, changes);

        DatasetMetadataInput input;
        try
        {
            input = merged.Deserialize<DatasetMetadataInput>(Json)!;
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path.TrimStart('$', '.');
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = ["Värdet har fel form (datum skrivs 2020-01-01, listor som [\"…\"]). / The value has the wrong form (dates as 2020-01-01, lists as [\"…\"])."],
            });
        }

        var result = await edit.HandleAsync(new EditDatasetMetadata(caller, id, input), ct);
        return result.Succeeded ? TypedResults.Ok(DatasetMetadataResponse.From(result.Value!)) : UseCaseHttp.Problem(result);
    }

    /// <summary>RFC 7396: an object merges member by member, null removes, anything else replaces.</summary>
    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            var key = target.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Key ?? name;
            if (value is null) target.Remove(key);
            else if (value is JsonObject inner && target[key] is JsonObject existing) MergePatch(existing, inner);
            else target[key] = value.DeepClone();
        }
    }

    private static ProblemHttpResult NotJson(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);
}

/// <summary>A dataset's description with its identity.</summary>
public sealed record DatasetMetadataResponse(Guid Id, string Organisation, string Slug, DatasetMetadataInput Metadata)
{
    public static DatasetMetadataResponse From(DatasetMetadataView view) => new(view.Id, view.OrganisationSlug, view.Slug, view.Metadata);
}
