using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartMiljo.OpenData.Application;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>
/// The one mapping of a use case that did not succeed to an HTTP answer, for every admin endpoint: invalid input is
/// 400 with the errors per field (a validation problem), a conflict 409, a resource that does not exist 404, and one
/// of another organisation (or needing a right the caller lacks) 403.
/// </summary>
internal static class UseCaseHttp
{
    public static ProblemHttpResult Problem<T>(UseCaseResult<T> result) => result.Status switch
    {
        UseCaseStatus.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(
            result.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = StatusCodes.Status400BadRequest }),
        UseCaseStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Detail),
        UseCaseStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: result.Detail),
        UseCaseStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: result.Detail),
        _ => throw new InvalidOperationException("A use case that succeeded has no problem to answer with."),
    };
}
