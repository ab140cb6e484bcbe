using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Application.Mail;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Mail;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// The base of links in e-mails: the configured public base URL; else the one the current request resolves to;
/// else (a background job) the address the server listens on.
/// </summary>
public sealed class MailLinks(IOptions<PlatformOptions> platform, IHttpContextAccessor http, IServiceProvider services)
{
    public string BaseUrl =>
        !string.IsNullOrWhiteSpace(platform.Value.BaseUrl) ? platform.Value.BaseUrl.TrimEnd('/')
        : http.HttpContext?.Request is { } request ? platform.Value.ResolveBaseUrl(request)
        : PlatformOptions.ListeningAddress(services).GetLeftPart(UriPartial.Authority);

    public string SetPassword(string token) => SetPassword(BaseUrl, token);

    public static string SetPassword(string baseUrl, string token) => $"{baseUrl}{SetPasswordPath}?token={Uri.EscapeDataString(token)}";

    public string Absolute(string sitePath) => BaseUrl + sitePath;

    public const string SetPasswordPath = "/konto/valj-losenord";
}

/// <summary>Invitations and password resets: a single-use link by e-mail (see <see cref="AccountTokens"/>).</summary>
public sealed class AccountMails(
    IMailSender mail, AccountTokens tokens, MailLinks links, UserManager<WebUser> users, ILogger<AccountMails> logger) : IInvitations
{
    public bool CanInvite => mail.IsConfigured;

    public async Task<bool> InviteAsync(Guid userId, string organisationName, string inviterName, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user?.Email is null) return false;
        var token = await tokens.IssueAsync(user.Id, AccountTokenPurpose.Invitation, ct);
        return await SendAsync(MailTexts.Invitation(user.Email, organisationName, inviterName, links.SetPassword(token),
            AccountTokens.LifetimeOf(AccountTokenPurpose.Invitation)), ct);
    }

    /// <summary>Sends a reset link (to <paramref name="baseUrl"/>) when the address belongs to an account that signs
    /// in with a password (or awaits its invitation); otherwise nothing. Run by <see cref="PasswordResetQueue"/>
    /// after the page has answered, the same way either way.</summary>
    public async Task SendPasswordResetAsync(string email, string language, string baseUrl, CancellationToken ct)
    {
        if (!mail.IsConfigured) return;
        var user = await users.FindByEmailAsync(email.Trim());
        if (user?.Email is null || (!user.InvitationPending && !await users.HasPasswordAsync(user))) return;
        var token = await tokens.IssueAsync(user.Id, AccountTokenPurpose.PasswordReset, ct);
        await SendAsync(MailTexts.PasswordReset(user.Email, language, MailLinks.SetPassword(baseUrl, token), AccountTokens.LifetimeOf(AccountTokenPurpose.PasswordReset)), ct);
    }

    private async Task<bool> SendAsync(OutgoingMail message, CancellationToken ct)
    {
        try
        {
            await mail.SendAsync(message, ct);
            return true;
        }
        catch (MailNotSentException e)
        {
            logger.LogWarning("An account e-mail was not sent: {Reason}", e.Message);
            return false;
        }
    }
}
