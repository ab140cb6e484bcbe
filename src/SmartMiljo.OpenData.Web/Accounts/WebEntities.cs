using Microsoft.AspNetCore.Identity;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>A person who signs in: a publisher or viewer of organisations, or an instance administrator.</summary>
public class WebUser : IdentityUser<Guid>
{
    public WebUser() => Id = Guid.NewGuid();
    public string DisplayName { get; set; } = "";
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
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
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
