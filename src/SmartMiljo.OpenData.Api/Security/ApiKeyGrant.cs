namespace SmartMiljo.OpenData.Api.Security;

/// <summary>What a presented API key allows: the whole instance (the configured key) or one organisation.</summary>
public sealed record ApiKeyGrant(Guid? OrganisationId)
{
    public static readonly ApiKeyGrant Instance = new((Guid?)null);

    public bool Covers(Guid organisationId) => OrganisationId is null || OrganisationId == organisationId;

    /// <summary>The grant the key filter found for this request (null when the endpoint needs no key).</summary>
    public static ApiKeyGrant? Of(Microsoft.AspNetCore.Http.HttpContext http) => http.Items[typeof(ApiKeyGrant)] as ApiKeyGrant;
}

/// <summary>Keys issued per organisation (by the web's publishers); optional, registered by the web.</summary>
public interface IApiKeyStore
{
    /// <summary>The grant of an active key, or null when the key is unknown or revoked.</summary>
    Task<ApiKeyGrant?> FindAsync(string presentedKey, CancellationToken cancellationToken);
}
