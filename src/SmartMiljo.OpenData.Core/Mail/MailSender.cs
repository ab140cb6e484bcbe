namespace SmartMiljo.OpenData.Core.Mail;

/// <summary>One plain-text e-mail to one person.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>
/// The platform's one way to send e-mail (invitations, password resets, harvest notices). The instance's
/// operator configures the server; without one, <see cref="IsConfigured"/> is false and callers say so
/// instead of pretending a message went.
/// </summary>
public interface IMailSender
{
    bool IsConfigured { get; }

    /// <summary>Hands the message to the mail server; throws <see cref="MailNotSentException"/> when it refuses or cannot be reached.</summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>The mail server could not be reached or refused the message.</summary>
public sealed class MailNotSentException(string message, Exception? inner = null) : Exception(message, inner);
