namespace SmartMiljo.OpenData.Core.Catalogue;

public enum DatasetStatus { Draft, Published, Withdrawn }

/// <summary>A dataset in the catalogue: its metadata and a pointer to the version readers see. Its state
/// (published, withdrawn, current version) changes only through its methods, which guard the transitions.</summary>
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
    public DatasetStatus Status { get; private set; } = DatasetStatus.Draft;
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? Issued { get; private set; }
    public DateTimeOffset? Modified { get; private set; }

    /// <summary>The published version readers see; switched in one transaction at publish.</summary>
    public Guid? CurrentVersionId { get; private set; }
    public DatasetVersion? CurrentVersion { get; set; }

    /// <summary>
    /// Moves readers to <paramref name="version"/>: it becomes the current version, the one readers saw until
    /// now (<paramref name="previous"/>, which must be the current one) becomes history, and the dataset is
    /// published. Committed on its own, this is the whole publish switch.
    /// </summary>
    public void Publish(DatasetVersion version, DatasetVersion? previous, DateTimeOffset at)
    {
        if (version.DatasetId != Id) throw new InvalidOperationException($"Version {version.Number} belongs to another dataset than {Slug}.");
        if (previous?.Id != CurrentVersionId)
            throw new InvalidOperationException($"The version readers see of {Slug} changed meanwhile; publish again from the current one.");
        previous?.Supersede();
        version.MarkPublished(at);
        CurrentVersionId = version.Id;
        Status = DatasetStatus.Published;
        Issued ??= at;
        Modified = at;
    }

    /// <summary>Readers no longer see the dataset; its versions stay as history.</summary>
    public void Withdraw(DateTimeOffset at)
    {
        Status = DatasetStatus.Withdrawn;
        Modified = at;
    }

    /// <summary>A withdrawn dataset whose source lists it again is shown again (when it has data).</summary>
    public void Reinstate()
    {
        if (Status == DatasetStatus.Withdrawn && CurrentVersionId is not null) Status = DatasetStatus.Published;
    }

    /// <summary>The dataset's data follows this specification (from its latest load).</summary>
    public void FollowSpecification(string id, string version)
    {
        SpecificationId = id;
        SpecificationVersion = version;
    }
}

public static class Licenses
{
    public const string Cc0 = "http://creativecommons.org/publicdomain/zero/1.0/";
    public const string CcBy40 = "http://creativecommons.org/licenses/by/4.0/";
}
