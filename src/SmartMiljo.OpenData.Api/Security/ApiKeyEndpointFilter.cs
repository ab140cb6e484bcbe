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

    /// <summary>The key admin writes must present in the <c>X-Api-Key</c> header. Empty disables writes.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Refuses a request without the configured API key with 401 and a problem body.</summary>
public sealed class ApiKeyEndpointFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        var given = context.HttpContext.Request.Headers[AdminOptions.HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(given) || !FixedTimeEquals(expected, given))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminOptions.HeaderName}\"";
            return Results.Problem(
                title: "Unauthorized",
                detail: $"This operation needs a valid API key in the {AdminOptions.HeaderName} header.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
