using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Web.Accounts.External;

/// <summary>Why an external sign-in was refused; the failure page words each one.</summary>
public enum ExternalSignInRefusal
{
    /// <summary>The provider's answer was an error or could not be trusted (signature, issuer, nonce).</summary>
    ProviderResponse,
    /// <summary>The sign-in expired or was not started here.</summary>
    NoExternalLogin,
    NoEmail,
    /// <summary>An account has the address, but the provider does not vouch for it.</summary>
    EmailNotVerified,
    /// <summary>An account has the address, but this provider may not be linked to it (another domain,
    /// or an administrator's account).</summary>
    LinkNotAllowed,
    LockedOut,
    AccountNotCreated,
}

/// <summary>
/// Turns a user the provider vouched for into a local account: the one already linked to that
/// provider and subject, else the account with the same verified e-mail in a domain the provider may
/// link (then linked; never an administrator's), else a new one.
/// Rights come from this instance: memberships an administrator granted stay as they are; memberships
/// the provider's configured claim mappings give are granted and, on later sign-ins, withdrawn again
/// when the claim is gone. Nobody becomes an administrator this way.
/// </summary>
public sealed class ExternalAccounts(
    UserManager<WebUser> users, SignInManager<WebUser> signIn, WebDbContext web, CatalogueDbContext catalogue, AuditLog audit,
    ExternalSignInOptions options, ILogger<ExternalAccounts> logger)
{
    public async Task<ExternalSignInRefusal?> SignInAsync(ExternalLoginInfo login, CancellationToken ct)
    {
        var providerName = options.Providers.Keys.FirstOrDefault(n => ExternalSignInOptions.SchemeFor(n) == login.LoginProvider);
        if (providerName is null) return ExternalSignInRefusal.NoExternalLogin;
        var provider = options.Providers[providerName];

        string outcome;
        var user = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (user is not null) outcome = "known";
        else
        {
            var email = login.Principal.FindFirstValue("email")?.Trim();
            if (string.IsNullOrEmpty(email)) return ExternalSignInRefusal.NoEmail;
            var verified = provider.TrustEmail || string.Equals(login.Principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
            user = await users.FindByEmailAsync(email);
            if (user is not null)
            {
                // Linking on an address the provider does not vouch for would let anyone who can set
                // that address at the provider take over the account.
                if (!verified) return ExternalSignInRefusal.EmailNotVerified;
                // Administrators link their accounts by hand, if at all: a provider never gets to them.
                if (!provider.MayLinkAccountOf(email) || await users.IsInRoleAsync(user, WebRoles.Administrator))
                {
                    logger.LogWarning("{Provider} vouched for {Email}, whose account it may not be linked to.", providerName, email);
                    return ExternalSignInRefusal.LinkNotAllowed;
                }
                outcome = "linked";
            }
            else
            {
                user = new WebUser
                {
                    UserName = email, Email = email, EmailConfirmed = verified,
                    DisplayName = login.Principal.FindFirstValue("name") is { Length: > 0 } name ? name : email,
                };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    logger.LogWarning("Could not create an account for {Email} from {Provider}: {Errors}", email, providerName,
                        string.Join(" ", created.Errors.Select(e => e.Description)));
                    return ExternalSignInRefusal.AccountNotCreated;
                }
                outcome = "created";
            }
            var linked = await users.AddLoginAsync(user, new UserLoginInfo(login.LoginProvider, login.ProviderKey, login.ProviderDisplayName));
            if (!linked.Succeeded)
            {
                logger.LogWarning("Could not link {Provider} to {Email}: {Errors}", providerName, email,
                    string.Join(" ", linked.Errors.Select(e => e.Description)));
                return ExternalSignInRefusal.AccountNotCreated;
            }
        }

        if (await users.IsLockedOutAsync(user)) return ExternalSignInRefusal.LockedOut;
        var memberships = await SyncMembershipsAsync(user.Id, login.LoginProvider, provider, login.Principal, ct);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: login.LoginProvider);
        await audit.RecordAsync(user.Id, user.UserName ?? user.Email ?? user.Id.ToString(), null, "user.signin.external", providerName,
            $"{outcome}; subject {login.ProviderKey}; from claims: {(memberships.Count == 0 ? "none" : string.Join(", ", memberships))}", ct);
        return null;
    }

    /// <summary>Makes the memberships this provider granted match its claims now; returns them as
    /// "slug: role".</summary>
    private async Task<List<string>> SyncMembershipsAsync(Guid userId, string scheme, OpenIdProviderOptions provider, ClaimsPrincipal principal,
        CancellationToken ct)
    {
        var values = provider.RoleClaim is { Length: > 0 } claim
            ? principal.FindAll(claim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal)
            : [];
        var wanted = provider.RoleMappings.Where(m => values.Contains(m.ClaimValue))
            .GroupBy(m => m.Organisation.Trim().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Max(m => m.Role)); // the strongest role wins
        var slugs = wanted.Keys.ToList();
        var organisations = await catalogue.Organisations.AsNoTracking().Where(o => slugs.Contains(o.Slug))
            .ToDictionaryAsync(o => o.Slug, o => o.Id, ct);
        foreach (var unknown in slugs.Except(organisations.Keys))
            logger.LogWarning("A role mapping names the organisation '{Slug}', which does not exist.", unknown);
        var desired = organisations.ToDictionary(o => o.Value, o => wanted[o.Key]);

        var existing = await web.Memberships.Where(m => m.UserId == userId).ToListAsync(ct);
        foreach (var membership in existing.Where(m => m.Source == scheme))
            if (desired.TryGetValue(membership.OrganisationId, out var role)) membership.Role = role;
            else web.Memberships.Remove(membership);
        foreach (var (organisationId, role) in desired)
            if (!existing.Any(m => m.OrganisationId == organisationId))
                web.Memberships.Add(new OrganisationMembership { UserId = userId, OrganisationId = organisationId, Role = role, Source = scheme });
        await web.SaveChangesAsync(ct);
        return organisations.Select(o => $"{o.Key}: {wanted[o.Key]}").Order(StringComparer.Ordinal).ToList();
    }
}
