using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Web.Tests.OpenIdConnect;

/// <summary>A person as the test provider describes them.</summary>
public sealed record ProviderUser(string Subject, string? Email, bool EmailVerified, string Name, IReadOnlyList<string> Groups);

/// <summary>What the provider does wrong on purpose.</summary>
public enum ProviderFault { None, SignsWithAnUnknownKey, NamesAnotherIssuer }

/// <summary>
/// A minimal OpenID Provider on a real Kestrel server at 127.0.0.1: discovery, a JWKS with one RSA key,
/// an authorize endpoint that "signs in" <see cref="NextUser"/> at once and sends the code back, a token
/// endpoint that checks the client, the redirect URI and the PKCE verifier before issuing an RS256
/// id_token with the nonce, and userinfo. It enforces the protocol, so a client that skipped PKCE or
/// sent a wrong secret would fail to sign in.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "smartmiljo-test";
    public const string ClientSecret = "klienthemlighet-123";
    private const string KeyId = "test-key-1";

    private readonly LocalHttpServer _server;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _unknownKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, ProviderUser> _accessTokens = new();

    private TestIdentityProvider(LocalHttpServer server) => _server = server;

    /// <summary>The issuer, without a trailing slash, as the discovery document and tokens name it.</summary>
    public string Issuer => _server.BaseAddress.ToString().TrimEnd('/');

    public ProviderUser NextUser { get; set; } = new("nobody", null, false, "Nobody", []);
    public ProviderFault Fault { get; set; }

    /// <summary>The code_challenge_method of every authorization request, in order.</summary>
    public ConcurrentQueue<string?> ChallengeMethods { get; } = new();

    private int _verifiedCodeExchanges;

    /// <summary>Token requests whose PKCE verifier matched the challenge.</summary>
    public int VerifiedCodeExchanges => Volatile.Read(ref _verifiedCodeExchanges);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider(await LocalHttpServer.StartAsync());
        provider.MapEndpoints();
        return provider;
    }

    private void MapEndpoints()
    {
        _server.Map("/.well-known/openid-configuration", context => context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["userinfo_endpoint"] = Issuer + "/userinfo",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        _server.Map("/jwks", context =>
        {
            var parameters = _key.ExportParameters(includePrivateParameters: false);
            return context.Response.WriteAsJsonAsync(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } },
            });
        });
        _server.Map("/authorize", Authorize);
        _server.Map("/token", Token);
        _server.Map("/userinfo", UserInfo);
    }

    private Task Authorize(HttpContext context)
    {
        var q = context.Request.Query;
        ChallengeMethods.Enqueue(q["code_challenge_method"]);
        if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"])
            || string.IsNullOrEmpty(q["code_challenge"]) || !(q["scope"].ToString() ?? "").Split(' ').Contains("openid"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("invalid authorization request");
        }
        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(NextUser, q["redirect_uri"]!, q["nonce"], q["code_challenge"]!, q["code_challenge_method"].ToString());
        var back = QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] });
        context.Response.Redirect(back);
        return Task.CompletedTask;
    }

    private async Task Token(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (clientId, clientSecret) = ClientCredentials(context, form);
        if (clientId != ClientId || clientSecret != ClientSecret)
        {
            await Error(context, StatusCodes.Status401Unauthorized, "invalid_client");
            return;
        }
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || form["redirect_uri"] != grant.RedirectUri)
        {
            await Error(context, StatusCodes.Status400BadRequest, "invalid_grant");
            return;
        }
        var verifier = form["code_verifier"].ToString();
        var expected = grant.ChallengeMethod == "S256" ? Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;
        if (string.IsNullOrEmpty(verifier) || expected != grant.Challenge)
        {
            await Error(context, StatusCodes.Status400BadRequest, "invalid_grant");
            return;
        }
        Interlocked.Increment(ref _verifiedCodeExchanges);

        var accessToken = Base64Url(RandomNumberGenerator.GetBytes(24));
        _accessTokens[accessToken] = grant.User;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = IdToken(grant),
        });
    }

    private Task UserInfo(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(authorization[7..], out var user))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return context.Response.WriteAsJsonAsync(UserClaims(user));
    }

    private string IdToken(Grant grant)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = UserClaims(grant.User);
        claims["iss"] = Fault == ProviderFault.NamesAnotherIssuer ? "https://login.someone-else.example" : Issuer;
        claims["aud"] = ClientId;
        claims["iat"] = now;
        claims["exp"] = now + 300;
        if (grant.Nonce is not null) claims["nonce"] = grant.Nonce;
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        // A key the JWKS does not publish, under the published key id: the signature cannot verify.
        var key = Fault == ProviderFault.SignsWithAnUnknownKey ? _unknownKey : _key;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static Dictionary<string, object> UserClaims(ProviderUser user)
    {
        var claims = new Dictionary<string, object> { ["sub"] = user.Subject, ["name"] = user.Name, ["groups"] = user.Groups };
        if (user.Email is not null)
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }
        return claims;
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpContext context, IFormCollection form)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static Task Error(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error });
    }

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);

    private sealed record Grant(ProviderUser User, string RedirectUri, string? Nonce, string Challenge, string ChallengeMethod);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
        _unknownKey.Dispose();
    }
}
