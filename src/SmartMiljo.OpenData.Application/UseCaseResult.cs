using SmartMiljo.OpenData.Application.Access;

namespace SmartMiljo.OpenData.Application;

public enum UseCaseStatus { Done, NotFound, Forbidden, Invalid, Conflict }

/// <summary>What a use case led to: done (with its value), or why not, in terms any door (HTTP API, web
/// page) can turn into its own answer.</summary>
public sealed record UseCaseResult<T>(UseCaseStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Detail)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public bool Succeeded => Status == UseCaseStatus.Done;

    public static UseCaseResult<T> Done(T value) => new(UseCaseStatus.Done, value, NoErrors, null);
    public static UseCaseResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(UseCaseStatus.Invalid, default, errors, null);
    public static UseCaseResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
    public static UseCaseResult<T> Conflict(string detail) => new(UseCaseStatus.Conflict, default, NoErrors, detail);
    public static UseCaseResult<T> NotFound(string detail) => new(UseCaseStatus.NotFound, default, NoErrors, detail);
    public static UseCaseResult<T> Forbidden(string detail) => new(UseCaseStatus.Forbidden, default, NoErrors, detail);

    /// <summary>The refusal of an authorisation check, carried over to this use case's result.</summary>
    public static UseCaseResult<T> Refused<TResource>(Authorised<TResource> access, string what) where TResource : class =>
        access.Outcome == AccessOutcome.NotFound
            ? NotFound($"No {what}.")
            : Forbidden($"This caller may not do that with {what}; it belongs to another organisation or needs the publisher's right.");
}
