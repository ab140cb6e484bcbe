namespace SmartMiljo.OpenData.Web.Legal;

/// <summary>Who runs this installation, for the privacy notice and the accessibility statement
/// (configuration section <c>Web:Operator</c>). Each installation is run by its own organisation, so
/// nothing here has a real default: pages say plainly what has not been configured.</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Web:Operator";

    /// <summary>The organisation responsible for the site and the personal data it holds (personuppgiftsansvarig).</summary>
    public string? Name { get; set; }

    /// <summary>Where people ask about their data or report accessibility problems.</summary>
    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The data protection officer's address (dataskyddsombud), when there is one.</summary>
    public string? DataProtectionOfficerEmail { get; set; }

    /// <summary>When the accessibility statement was last reviewed (yyyy-MM-dd); DIGG asks for the date.</summary>
    public string? AccessibilityReviewed { get; set; }

    public string ShownName(bool english) => Name is { Length: > 0 } name ? name : english ? "the organisation running this site" : "organisationen som driver webbplatsen";
}
