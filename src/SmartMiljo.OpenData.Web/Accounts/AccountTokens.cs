using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>Why an e-mailed link no longer works.</summary>
public enum TokenRefusal { None, Unknown, Used, Expired }

/// <summary>A link's token as checked: whose it is, or why it is refused.</summary>
public sealed record TokenCheck(TokenRefusal Refusal, AccountToken? Token)
{
    public bool Valid => Refusal == TokenRefusal.None;
}

/// <summary>
/// Single-use, expiring secrets for links sent by e-mail (invitations, password resets). The secret exists only in
/// the e-mail; the database keeps its SHA-256, so a copy of the database opens no account. A new link of the same
/// purpose retires the person's earlier ones.
/// </summary>
public sealed class AccountTokens(WebDbContext db, TimeProvider clock)
{
    public static TimeSpan LifetimeOf(AccountTokenPurpose purpose) => purpose switch
    {
        AccountTokenPurpose.Invitation => TimeSpan.FromDays(7),
        _ => TimeSpan.FromHours(2),
    };

    public async Task<string> IssueAsync(Guid userId, AccountTokenPurpose purpose, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.AccountTokens.Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null).ExecuteDeleteAsync(ct);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.AccountTokens.Add(new AccountToken
        {
            UserId = userId, Purpose = purpose, TokenHash = Hash(secret), CreatedAt = now, ExpiresAt = now + LifetimeOf(purpose),
        });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Checks a link without using it up (the page showing the form).</summary>
    public async Task<TokenCheck> CheckAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100) return new TokenCheck(TokenRefusal.Unknown, null);
        var hash = Hash(secret.Trim());
        var token = await db.AccountTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null) return new TokenCheck(TokenRefusal.Unknown, null);
        if (token.UsedAt is not null) return new TokenCheck(TokenRefusal.Used, token);
        if (token.ExpiresAt <= clock.GetUtcNow()) return new TokenCheck(TokenRefusal.Expired, token);
        return new TokenCheck(TokenRefusal.None, token);
    }

    /// <summary>Uses the link up: of two requests with the same link at once, only one succeeds.</summary>
    public async Task<TokenCheck> ConsumeAsync(string? secret, CancellationToken ct)
    {
        var check = await CheckAsync(secret, ct);
        if (!check.Valid) return check;
        var now = clock.GetUtcNow();
        var taken = await db.AccountTokens.Where(t => t.Id == check.Token!.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
        return taken == 1 ? check : new TokenCheck(TokenRefusal.Used, check.Token);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
