using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.Admin;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Access;

namespace SmartMiljo.OpenData.Api.Dataportal;

/// <summary>The admin API's "dataportal.se" panel: what the web shows an organisation's members, for any key that may read it.</summary>
public static class DataportalEndpoints
{
    public static RouteGroupBuilder MapDataportal(this RouteGroupBuilder admin)
    {
        admin.MapGet("/organisations/{org}/dataportal", GetAsync).WithName("DataportalStatus")
            .WithSummary("What dataportal.se sees: the DCAT address to register, SHACL verdict, MQA score with to-dos in plain Swedish and English, next harvest");
        return admin;
    }

    private static async Task<Results<Ok<DataportalResponse>, ProblemHttpResult>> GetAsync(
        string org, string? dataset, [FromServices] ResourceAuthorisation authorisation, [FromServices] DataportalReporter reporter,
        [FromServices] IOptions<PlatformOptions> platform, HttpContext http, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(ApiKeyGrant.CallerOf(http), org, Permission.Read, ct);
        if (!access.Granted) return UseCaseHttp.Problem(UseCaseResult<object>.Refused(access, $"organisation '{org}'"));
        var status = await reporter.ForOrganisationAsync(access.Resource!.Slug, platform.Value.ResolveBaseUrl(http.Request), ct);
        if (status is null) return UseCaseHttp.Problem(UseCaseResult<object>.NotFound($"No organisation '{org}'."));
        if (dataset is not null)
        {
            status = status with { Datasets = status.Datasets.Where(d => d.Slug == dataset).ToList() };
            if (status.Datasets.Count == 0)
                return UseCaseHttp.Problem(UseCaseResult<object>.NotFound($"No published dataset '{dataset}' in organisation '{org}'."));
        }
        return TypedResults.Ok(DataportalResponse.From(status));
    }
}

public sealed record DataportalTodoResponse(string Swedish, string English, double Points);

public sealed record DataportalDatasetResponse(string Slug, string Iri, string? Title, double Points, int MaxPoints, string Rating,
    bool PassesShapes, int Violations, int Warnings, IReadOnlyList<DataportalTodoResponse> Todos);

/// <param name="NextHarvest">When dataportal.se would next harvest: an assumption (Dataportal:HarvestSchedule, nightly by default).</param>
public sealed record DataportalResponse(string Organisation, string DcatAddress, bool PassesShapes, int Violations, int Warnings,
    double Points, int MaxPoints, string Rating, DateTimeOffset NextHarvest, IReadOnlyList<DataportalDatasetResponse> Datasets)
{
    public static DataportalResponse From(DataportalStatus s) => new(s.Organisation, s.DcatAddress, s.PassesShapes, s.Violations, s.Warnings,
        s.Points, s.MaxPoints, s.Rating.ToString(), s.NextHarvest,
        s.Datasets.Select(d => new DataportalDatasetResponse(d.Slug, d.Iri, d.Title, d.Points, d.MaxPoints, d.Rating.ToString(), d.PassesShapes,
            d.Violations, d.Warnings, d.Todos.Select(t => new DataportalTodoResponse(t.Swedish, t.English, t.Points)).ToList())).ToList());
}
