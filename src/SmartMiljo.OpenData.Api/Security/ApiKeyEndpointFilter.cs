using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Api.Security;

/// <summary>Configuration section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The instance's key, which every admin read and write may present in the <c>X-Api-Key</c>
    /// header; organisations' own keys (issued on the web) act on their organisation only.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// Refuses a request without a valid API key with 401 and a problem body. The configured key grants the
/// whole instance; keys from an <see cref="IApiKeyStore"/> (when registered) grant one organisation. The
/// grant is left in the request's items for the endpoint to check against the organisation it changes.
/// </summary>
public sealed class ApiKeyEndpointFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = options.Value.ApiKey;
        var given = http.Request.Headers[AdminOptions.HeaderName].ToString();
        ApiKeyGrant? grant = null;
        if (!string.IsNullOrEmpty(given))
        {
            if (!string.IsNullOrEmpty(expected) && FixedTimeEquals(expected, given)) grant = ApiKeyGrant.Instance;
            else if (http.RequestServices.GetService(typeof(IApiKeyStore)) is IApiKeyStore store)
                grant = await store.FindAsync(given, http.RequestAborted);
        }
        if (grant is null)
        {
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminOptions.HeaderName}\"";
            return Results.Problem(
                title: "Unauthorized",
                detail: $"This operation needs a valid API key in the {AdminOptions.HeaderName} header.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        http.Items[typeof(ApiKeyGrant)] = grant;
        return await next(context);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
