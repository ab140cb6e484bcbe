using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>A password reset someone asked for: the address as typed, the page's language, and the site address
/// the link must point at (taken from the request, which the background sender no longer has).</summary>
public sealed record PasswordResetRequest(string Email, string Language, string BaseUrl);

/// <summary>
/// Looks up the address and sends the reset mail after the page has answered. Done inside the request, a known
/// address answered later than an unknown one (a token issued, an SMTP conversation), which told anyone timing
/// the page who has an account. A bounded queue: when flooded, further requests are dropped with a log line (the
/// page answers the same; the person asks again), so nobody can make the platform spam a mail server.
/// </summary>
public sealed class PasswordResetQueue(IServiceScopeFactory scopes, ILogger<PasswordResetQueue> logger) : BackgroundService
{
    public const int Capacity = 256;

    private readonly Channel<PasswordResetRequest> _requests = Channel.CreateBounded<PasswordResetRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Queue(PasswordResetRequest request)
    {
        if (!_requests.Writer.TryWrite(request))
            logger.LogWarning("Password-reset requests arrive faster than mail is sent; one was dropped.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AccountMails>()
                    .SendPasswordResetAsync(request.Email, request.Language, request.BaseUrl, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "A password-reset mail could not be sent.");
            }
        }
    }
}
