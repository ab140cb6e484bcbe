namespace SmartMiljo.OpenData.Application.Mail;

/// <summary>Configuration section <c>Mail</c>: the SMTP server the platform sends e-mail through.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>The SMTP server's host name; empty means no e-mail (invitations then need a password instead).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>The sender address every message carries, e.g. <c>oppnadata@region.se</c>.</summary>
    public string Sender { get; set; } = "";

    /// <summary>The sender's name shown by mail programs.</summary>
    public string SenderName { get; set; } = "SmartMiljö OpenData";

    /// <summary>Upgrade the connection with STARTTLS (and refuse to send if the server cannot).</summary>
    public bool UseTls { get; set; }

    /// <summary>Credentials for servers that require authentication; both empty means none.</summary>
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>How long a connection attempt or a message may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(Sender);
}
