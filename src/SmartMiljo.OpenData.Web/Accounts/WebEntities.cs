using Microsoft.AspNetCore.Identity;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>A person who signs in: a publisher or viewer of organisations, or an instance administrator.</summary>
public class WebUser : IdentityUser<Guid>
{
    public WebUser() => Id = Guid.NewGuid();
    public string DisplayName { get; set; } = "";
}

public enum OrganisationRole { Viewer, Publisher }

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
