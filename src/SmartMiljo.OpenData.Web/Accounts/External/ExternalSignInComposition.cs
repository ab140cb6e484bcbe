using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SmartMiljo.OpenData.Web.Accounts.External;

/// <summary>
/// One OpenID Connect scheme per configured provider: authorization code flow with PKCE, the result
/// kept in Identity's external cookie until <see cref="ExternalAccounts"/> turns it into a local sign-in.
/// </summary>
public static class ExternalSignInComposition
{
    public const string FailurePath = "/konto/extern-fel";

    public static IServiceCollection AddExternalSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ExternalSignInOptions.SectionName).Get<ExternalSignInOptions>() ?? new ExternalSignInOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddScoped<ExternalAccounts>();
        var authentication = services.AddAuthentication();
        foreach (var (name, provider) in options.Providers)
            authentication.AddOpenIdConnect(ExternalSignInOptions.SchemeFor(name), provider.DisplayName is { Length: > 0 } label ? label : name,
                o => Configure(o, name, provider));
        return services;
    }

    private static void Configure(OpenIdConnectOptions o, string name, OpenIdProviderOptions provider)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
        o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        o.CallbackPath = "/signin-oidc/" + name.ToLowerInvariant();
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back on a top-level GET, which carries SameSite=Lax cookies; form_post would
        // need SameSite=None, and so HTTPS, even on a developer's machine.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Scope.Clear();
        foreach (var scope in provider.EffectiveScopes) o.Scope.Add(scope);
        o.GetClaimsFromUserInfoEndpoint = true;
        o.SaveTokens = false; // nothing here calls the provider's APIs later
        // Claims keep their OpenID names (sub, email, email_verified, groups), which the configuration uses.
        o.MapInboundClaims = false;
        o.TokenValidationParameters.NameClaimType = "name";
        o.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        if (provider.RoleClaim is { Length: > 0 } roleClaim) o.ClaimActions.MapJsonKey(roleClaim, roleClaim);

        o.Events.OnTicketReceived = context =>
        {
            // Identity finds the external login by the name identifier; OpenID Connect calls it "sub".
            if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst("sub") is { } subject
                && identity.FindFirst(ClaimTypes.NameIdentifier) is null)
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value, ClaimValueTypes.String, subject.Issuer));
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            // A refused token (signature, issuer, nonce, audience) or an error from the provider: the user
            // gets a page that says so, the details go to the log, never to the browser.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInComposition))
                .LogWarning(context.Failure, "Sign-in through {Provider} failed.", name);
            context.Response.Redirect($"{FailurePath}?provider={Uri.EscapeDataString(name)}&reason={ExternalSignInRefusal.ProviderResponse}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }
}
