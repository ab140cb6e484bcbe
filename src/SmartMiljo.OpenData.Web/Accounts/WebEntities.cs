using Microsoft.AspNetCore.Identity;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>A person who signs in: a publisher or viewer of organisations, or an instance administrator.</summary>
public class WebUser : IdentityUser<Guid>
{
    public WebUser() => Id = Guid.NewGuid();
    public string DisplayName { get; set; } = "";

    /// <summary>The language of the e-mails the person gets: <c>sv</c> or <c>en</c>.</summary>
    public string Language { get; set; } = MailLanguage.Swedish;

    /// <summary>Invited by e-mail and not yet accepted (no password chosen).</summary>
    public bool InvitationPending { get; set; }

    /// <summary>How the person hears about harvests that need attention.</summary>
    public NoticeDelivery NoticeDelivery { get; set; } = NoticeDelivery.Immediately;

    /// <summary>When the person's last daily digest was sent (notices after it go in the next one).</summary>
    public DateTimeOffset? LastDigestAt { get; set; }
}

/// <summary>An e-mail for every harvest that needs attention, or one a day listing them.</summary>
public enum NoticeDelivery { Immediately, DailyDigest }

/// <summary>The languages e-mails are written in.</summary>
public static class MailLanguage
{
    public const string Swedish = "sv";
    public const string English = "en";

    public static string Of(string? language) => language == English ? English : Swedish;

    /// <summary>The language of the page being shown (its UI culture).</summary>
    public static string OfCurrentPage => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English ? English : Swedish;
}

/// <summary>What a single-use e-mailed link is for.</summary>
public enum AccountTokenPurpose { Invitation, PasswordReset }

/// <summary>A single-use, expiring link sent by e-mail; only a hash of its secret is stored.</summary>
public class AccountToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public AccountTokenPurpose Purpose { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A harvest that needed attention (failed, blocked or degraded), listed on its organisation's start page
/// and gathered into daily digests.</summary>
public class HarvestNoticeEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }
    public Guid SourceId { get; set; }
    public Guid RunId { get; set; }
    public required string SourceName { get; set; }
    public required string Status { get; set; }
    public bool Degraded { get; set; }
    public required string SummarySv { get; set; }
    public required string SummaryEn { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A person's role in an organisation: reads it; publishes for it; also manages its details, members and keys.</summary>
public enum OrganisationRole { Viewer, Publisher, Administrator }

/// <summary>The stored roles as the use cases' rights: the one translation between the two.</summary>
public static class OrganisationRoles
{
    public static SmartMiljo.OpenData.Application.Access.Permission ToPermission(this OrganisationRole role) => role switch
    {
        OrganisationRole.Administrator => SmartMiljo.OpenData.Application.Access.Permission.Manage,
        OrganisationRole.Publisher => SmartMiljo.OpenData.Application.Access.Permission.Change,
        _ => SmartMiljo.OpenData.Application.Access.Permission.Read,
    };

    public static OrganisationRole FromPermission(SmartMiljo.OpenData.Application.Access.Permission right) => right switch
    {
        SmartMiljo.OpenData.Application.Access.Permission.Manage => OrganisationRole.Administrator,
        SmartMiljo.OpenData.Application.Access.Permission.Change => OrganisationRole.Publisher,
        _ => OrganisationRole.Viewer,
    };

    /// <summary>The role's name on the pages, in the page's language.</summary>
    public static string Label(this OrganisationRole role) => role switch
    {
        OrganisationRole.Administrator => Catalogue.Labels.L("organisationens administratör", "organisation administrator"),
        OrganisationRole.Publisher => Catalogue.Labels.L("publicerare", "publisher"),
        _ => Catalogue.Labels.L("läsare", "viewer"),
    };
}

/// <summary>What one user may do within one organisation.</summary>
public class OrganisationMembership
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public OrganisationRole Role { get; set; }

    /// <summary>Null when an administrator granted it; otherwise the sign-in provider whose claims
    /// granted it, which re-evaluates it on every sign-in through that provider.</summary>
    public string? Source { get; set; }
}

/// <summary>Who changed what, when: written by every publishing action.</summary>
public class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }
    public Guid? OrganisationId { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Details { get; set; }
}

/// <summary>How often a dataset page was opened; drives "most used" on the start page.</summary>
public class DatasetViewCount
{
    public Guid DatasetId { get; set; }
    public long Views { get; set; }
}

/// <summary>Instance-wide roles (per-organisation roles are <see cref="OrganisationMembership"/>).</summary>
public static class WebRoles
{
    public const string Administrator = "Administrator";
}
