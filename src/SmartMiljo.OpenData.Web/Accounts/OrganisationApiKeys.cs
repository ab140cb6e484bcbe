using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>An admin-API key of one organisation. Only its SHA-256 is stored; the key is shown once.</summary>
public class OrganisationApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>The first characters, so people can tell their keys apart.</summary>
    public required string Prefix { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Issues, finds and revokes organisation keys; the admin API's key filter asks it.</summary>
public sealed class OrganisationApiKeys(WebDbContext db, TimeProvider clock) : IApiKeyStore
{
    public async Task<(OrganisationApiKey Key, string Secret)> IssueAsync(Guid organisationId, string createdBy, CancellationToken ct)
    {
        var secret = "smk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var key = new OrganisationApiKey { OrganisationId = organisationId, KeyHash = Hash(secret), Prefix = secret[..10], CreatedBy = createdBy, CreatedAt = clock.GetUtcNow() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    public async Task<bool> RevokeAsync(Guid keyId, Guid organisationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.ApiKeys.Where(k => k.Id == keyId && k.OrganisationId == organisationId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct) > 0;
    }

    public async Task<ApiKeyGrant?> FindAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!presentedKey.StartsWith("smk_", StringComparison.Ordinal)) return null;
        var hash = Hash(presentedKey);
        var organisationId = await db.ApiKeys.AsNoTracking().Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => (Guid?)k.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        return organisationId is null ? null : new ApiKeyGrant(organisationId);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
