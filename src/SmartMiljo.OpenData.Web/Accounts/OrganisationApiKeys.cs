using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Application.People;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>An admin-API key of one organisation. Only its SHA-256 is stored; the key is shown once.</summary>
public class OrganisationApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>The first characters, so people can tell their keys apart.</summary>
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public ApiKeyView ToView() => new(Id, OrganisationId, Prefix, CreatedAt, CreatedBy, RevokedAt);
}

/// <summary>Issues, lists and revokes organisation keys for the use cases (which decide who may); the admin
/// API's key filter asks it for the organisation a presented key acts for.</summary>
public sealed class OrganisationApiKeys(WebDbContext db, TimeProvider clock) : IApiKeyStore, IOrganisationKeys
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid organisationId, bool includeRevoked, CancellationToken ct) =>
        (await db.ApiKeys.AsNoTracking().Where(k => k.OrganisationId == organisationId && (includeRevoked || k.RevokedAt == null)).ToListAsync(ct))
        .OrderBy(k => k.CreatedAt).Select(k => k.ToView()).ToList();

    public async Task<(ApiKeyView Key, string Secret)> IssueAsync(Guid organisationId, string createdBy, CancellationToken ct)
    {
        var secret = "smk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var key = new OrganisationApiKey
        {
            OrganisationId = organisationId, KeyHash = Hash(secret), Prefix = secret[..10], CreatedBy = createdBy, CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key.ToView(), secret);
    }

    public async Task<ApiKeyView?> RevokeAsync(Guid organisationId, Guid keyId, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.OrganisationId == organisationId && k.RevokedAt == null, ct);
        if (key is null) return null;
        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return key.ToView();
    }

    public async Task<ApiKeyGrant?> FindAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!presentedKey.StartsWith("smk_", StringComparison.Ordinal)) return null;
        var hash = Hash(presentedKey);
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.OrganisationId, k.Prefix }).FirstOrDefaultAsync(cancellationToken);
        return key is null ? null : new ApiKeyGrant(key.OrganisationId, key.Prefix);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
