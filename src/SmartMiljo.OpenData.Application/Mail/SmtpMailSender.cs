using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Mail;

namespace SmartMiljo.OpenData.Application.Mail;

/// <summary>Sends through the configured SMTP server (System.Net.Mail: plain SMTP, STARTTLS when asked, optional login).</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    private readonly MailOptions _options = options.Value;

    public bool IsConfigured => _options.IsConfigured;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        if (!IsConfigured) throw new MailNotSentException("No mail server is configured (Mail:Host and Mail:Sender).");
        using var message = new MailMessage
        {
            From = new MailAddress(_options.Sender, _options.SenderName, Encoding.UTF8),
            Subject = OneLine(mail.Subject),
            SubjectEncoding = Encoding.UTF8,
            Body = mail.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(mail.To));
        using var client = new SmtpClient(_options.Host, _options.Port)
        {
            EnableSsl = _options.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)Math.Clamp(_options.Timeout.TotalMilliseconds, 1_000, 600_000),
        };
        if (!string.IsNullOrEmpty(_options.UserName))
            client.Credentials = new NetworkCredential(_options.UserName, _options.Password);
        try
        {
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is SmtpException or InvalidOperationException or IOException)
        {
            // The address is the operator's business; the log says which server refused, never the message's body.
            logger.LogWarning(e, "The mail server {Host}:{Port} did not take a message to {Recipient}", _options.Host, _options.Port, mail.To);
            throw new MailNotSentException($"The mail server {_options.Host}:{_options.Port} did not take the message.", e);
        }
    }

    /// <summary>A subject is one line: a line break in it would start a header of its own.</summary>
    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
