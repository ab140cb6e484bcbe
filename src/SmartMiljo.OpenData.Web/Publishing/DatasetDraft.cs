namespace SmartMiljo.OpenData.Web.Publishing;

public enum DraftStep { Source, Validation, Metadata, Published }

/// <summary>A dataset being prepared in the "new dataset" wizard, saved after every step.</summary>
public class DatasetDraft
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }
    public Guid CreatedBy { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DraftStep Step { get; set; } = DraftStep.Source;

    /// <summary>An http(s) URL, or the path of an uploaded file in the platform's drop folder.</summary>
    public string Location { get; set; } = "";
    public string? OriginalFileName { get; set; }
    public bool IsUpload { get; set; }

    // What sniffing found.
    public string? Encoding { get; set; }
    public string? Delimiter { get; set; }
    public string? Header { get; set; }
    public string? SpecificationId { get; set; }
    public string? SuggestedSpecificationId { get; set; }
    public string? ReportJson { get; set; }

    // The metadata form.
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Description { get; set; }
    public string? Keywords { get; set; }
    public string? Themes { get; set; }
    public string? License { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string UpdateFrequency { get; set; } = UpdateFrequencies.Daily;

    public Core.Harvesting.SourceKind Kind { get; set; } = Core.Harvesting.SourceKind.Csv;

    /// <summary>The source's settings as the harvester reads them (a WFS layer, a JSON API's record pointer and paging).</summary>
    public string? SettingsJson { get; set; }

    /// <summary>What the preview showed (<see cref="DraftPreview"/>): the first rows, or a catalogue's records.</summary>
    public string? PreviewJson { get; set; }
    public Guid? SourceId { get; set; }

    /// <summary>Set when the draft is a new file or address for an existing source: published, it becomes the
    /// next version of that source's dataset (never a new dataset), and the metadata step is skipped.</summary>
    public Guid? ReplacesSourceId { get; set; }
}
