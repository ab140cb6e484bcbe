using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Web.Accounts.External;

/// <summary>
/// Configuration section <c>Authentication:OpenIdConnect</c>: identity providers of municipalities that
/// sign their staff in themselves. Each entry under <c>Providers</c> becomes a button on the sign-in page.
/// </summary>
public sealed partial class ExternalSignInOptions
{
    public const string SectionName = "Authentication:OpenIdConnect";

    public Dictionary<string, OpenIdProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The authentication scheme of a provider; also what the user's external login records.</summary>
    public static string SchemeFor(string providerName) => "oidc-" + providerName.ToLowerInvariant();

    /// <summary>Fails start-up with a message naming the setting, rather than failing at the first sign-in.</summary>
    public void Validate()
    {
        foreach (var (name, provider) in Providers)
        {
            var where = $"{SectionName}:Providers:{name}";
            if (!ProviderName().IsMatch(name))
                throw new InvalidOperationException($"{where}: provider names may use a-z, 0-9 and '-' only (they become the callback path).");
            if (!Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                throw new InvalidOperationException($"{where}:Authority must be the provider's absolute issuer URL.");
            if (authority.Scheme == "http" && provider.RequireHttpsMetadata)
                throw new InvalidOperationException($"{where}:Authority is not HTTPS; only tests may allow that, with {where}:RequireHttpsMetadata=false.");
            if (string.IsNullOrWhiteSpace(provider.ClientId))
                throw new InvalidOperationException($"{where}:ClientId is required.");
            foreach (var mapping in provider.RoleMappings)
                if (string.IsNullOrWhiteSpace(mapping.ClaimValue) || string.IsNullOrWhiteSpace(mapping.Organisation))
                    throw new InvalidOperationException($"{where}:RoleMappings need a ClaimValue and an Organisation (slug).");
            if (provider.RoleMappings.Count > 0 && string.IsNullOrWhiteSpace(provider.RoleClaim))
                throw new InvalidOperationException($"{where}:RoleClaim names the claim that RoleMappings read.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$")]
    private static partial Regex ProviderName();
}

public sealed class OpenIdProviderOptions
{
    /// <summary>The provider's issuer URL; its discovery document is read from
    /// <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";

    /// <summary>Empty for a public client (PKCE alone protects the code).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button text; the provider's name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c>; <c>profile</c> and <c>email</c> when empty.
    /// (Empty rather than pre-filled: the configuration binder appends to a list.)</summary>
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveScopes =>
        new[] { "openid" }.Concat(Scopes.Count > 0 ? Scopes : ["profile", "email"]).Distinct(StringComparer.Ordinal).ToList();

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Link to an existing account by e-mail even when the provider sends no
    /// <c>email_verified=true</c>; only for providers that issue nothing but addresses they own.</summary>
    public bool TrustEmail { get; set; }

    /// <summary>E-mail domains (e.g. <c>exempelkommun.se</c>) whose existing accounts this provider may be
    /// linked to. Empty: none, since any provider could otherwise vouch for another organisation's
    /// addresses and take over their accounts; new accounts are made whatever the domain.</summary>
    public List<string> LinkEmailDomains { get; set; } = [];

    public bool MayLinkAccountOf(string email)
    {
        var at = email.LastIndexOf('@');
        return at > 0 && LinkEmailDomains.Any(d => string.Equals(d.Trim().TrimStart('@'), email[(at + 1)..], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The claim (e.g. <c>groups</c> or <c>roles</c>) whose values <see cref="RoleMappings"/> read.</summary>
    public string? RoleClaim { get; set; }

    /// <summary>Claim values that make the user a publisher or viewer of an organisation.</summary>
    public List<ClaimRoleMapping> RoleMappings { get; set; } = [];
}

/// <summary>A claim value that grants a role in one organisation. Never the instance administrator:
/// that is granted in this instance only.</summary>
public sealed class ClaimRoleMapping
{
    public string ClaimValue { get; set; } = "";

    /// <summary>The organisation's slug, as in its URL.</summary>
    public string Organisation { get; set; } = "";
    public OrganisationRole Role { get; set; } = OrganisationRole.Viewer;
}
