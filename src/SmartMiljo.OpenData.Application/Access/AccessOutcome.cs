namespace SmartMiljo.OpenData.Application.Access;

public enum AccessOutcome { Granted, NotFound, Forbidden }

/// <summary>A resource loaded for a caller, or why it was not handed out.</summary>
public sealed record Authorised<T>(AccessOutcome Outcome, T? Resource) where T : class
{
    public bool Granted => Outcome == AccessOutcome.Granted;
    public static Authorised<T> NotFound { get; } = new(AccessOutcome.NotFound, null);
    public static Authorised<T> Forbidden { get; } = new(AccessOutcome.Forbidden, null);
    public static Authorised<T> Grant(T resource) => new(AccessOutcome.Granted, resource);
}
