namespace SmartMiljo.OpenData.Core.Catalogue;

public enum DatasetStatus { Draft, Published, Withdrawn }

/// <summary>A dataset in the catalogue: its metadata and a pointer to the version readers see.</summary>
public class Dataset
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>URL segment within the organisation, e.g. <c>badplatser</c>.</summary>
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public string Description { get; set; } = "";
    public string? DescriptionEn { get; set; }
    public List<string> Keywords { get; set; } = [];

    /// <summary>EU data-theme codes such as <c>ENVI</c>.</summary>
    public List<string> Themes { get; set; } = [];
    public string? SpecificationId { get; set; }
    public string? SpecificationVersion { get; set; }

    /// <summary>Licence IRI exactly as DCAT-AP-SE wants it.</summary>
    public string License { get; set; } = Licenses.Cc0;
    public string AccessRights { get; set; } = "PUBLIC";
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public bool IsHighValue { get; set; }
    public List<string> HvdCategories { get; set; } = [];

    /// <summary>Agenda 2030 goals, 1..17.</summary>
    public List<int> SustainableDevelopmentGoals { get; set; } = [];
    public DatasetStatus Status { get; set; } = DatasetStatus.Draft;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? Issued { get; set; }
    public DateTimeOffset? Modified { get; set; }

    /// <summary>The published version readers see; switched in one transaction at publish.</summary>
    public Guid? CurrentVersionId { get; set; }
    public DatasetVersion? CurrentVersion { get; set; }
}

public static class Licenses
{
    public const string Cc0 = "http://creativecommons.org/publicdomain/zero/1.0/";
    public const string CcBy40 = "http://creativecommons.org/licenses/by/4.0/";
}
