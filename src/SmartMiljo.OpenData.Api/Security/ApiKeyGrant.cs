namespace SmartMiljo.OpenData.Api.Security;

/// <summary>What a presented API key allows: the whole instance (the configured key) or one organisation.</summary>
public sealed record ApiKeyGrant(Guid? OrganisationId, string? KeyPrefix = null)
{
    public static readonly ApiKeyGrant Instance = new((Guid?)null);

    public bool Covers(Guid organisationId) => OrganisationId is null || OrganisationId == organisationId;

    /// <summary>The grant the key filter found for this request (null when the endpoint needs no key).</summary>
    public static ApiKeyGrant? Of(Microsoft.AspNetCore.Http.HttpContext http) => http.Items[typeof(ApiKeyGrant)] as ApiKeyGrant;

    /// <summary>The caller the use cases see for this key.</summary>
    public Application.Access.Caller ToCaller() => OrganisationId is { } organisationId
        ? Application.Access.Caller.OrganisationKey(organisationId, KeyPrefix)
        : Application.Access.Caller.InstanceAdministrator("instance-api-key");

    /// <summary>The caller of an endpoint behind <see cref="ApiKeyEndpointFilter"/>.</summary>
    public static Application.Access.Caller CallerOf(Microsoft.AspNetCore.Http.HttpContext http) =>
        (Of(http) ?? throw new InvalidOperationException("The endpoint is not behind the API key filter.")).ToCaller();
}

/// <summary>Keys issued per organisation (by the web's publishers); optional, registered by the web.</summary>
public interface IApiKeyStore
{
    /// <summary>The grant of an active key, or null when the key is unknown or revoked.</summary>
    Task<ApiKeyGrant?> FindAsync(string presentedKey, CancellationToken cancellationToken);
}
