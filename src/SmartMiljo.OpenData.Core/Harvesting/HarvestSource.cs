namespace SmartMiljo.OpenData.Core.Harvesting;

public enum SourceKind { Csv, GeoJson, Xlsx, JsonApi, Wfs, ArcGis, Dcat, Ckan, FileDrop, Kolada, PxWeb }

/// <summary>What a kind of source feeds.</summary>
public static class SourceKinds
{
    /// <summary>A catalogue (DCAT, CKAN) feeds one dataset per record it lists, never one dataset of its own.</summary>
    public static bool IsCatalogue(SourceKind kind) => kind is SourceKind.Dcat or SourceKind.Ckan;
}

/// <summary>Where a dataset's data comes from and when it is harvested.</summary>
public class HarvestSource
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganisationId { get; set; }

    /// <summary>The dataset this source feeds (created on registration); none for a catalogue source (DCAT, CKAN),
    /// whose every record becomes a dataset of its own as it is harvested (see <see cref="SourceKinds.IsCatalogue"/>).</summary>
    public Guid? DatasetId { get; set; }
    public required string Name { get; set; }
    public SourceKind Kind { get; set; } = SourceKind.Csv;

    /// <summary>An http(s) URL or a local file path.</summary>
    public required string Location { get; set; }

    /// <summary>Cron expression (Hangfire syntax), evaluated in Europe/Stockholm.</summary>
    public string Schedule { get; set; } = "0 3 * * *";
    public string? SpecificationId { get; set; }
    public string? SpecificationVersion { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Adapter-specific settings as JSON (sheet name, record pointer, paging...).</summary>
    public string? SettingsJson { get; set; }

    // Remembered between runs so an unchanged source costs one request.
    public string? LastETag { get; set; }
    public string? LastModifiedHeader { get; set; }
    public string? LastContentHash { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}
