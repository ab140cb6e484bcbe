using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>A published dataset version as the read side (OData, downloads, DCAT) sees it.</summary>
public sealed record PublishedDataset
{
    public required Guid DatasetId { get; init; }
    public required string OrganisationSlug { get; init; }
    public required string OrganisationName { get; init; }
    public required string DatasetSlug { get; init; }
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }
    public string? License { get; init; }
    public required int VersionNumber { get; init; }
    public required string TableName { get; init; }
    public required TableSchema Schema { get; init; }
    public required long RowCount { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public IReadOnlyList<PublishedDistribution> Distributions { get; init; } = [];

    /// <summary>What this version changed against the one published before it; null for a first version.</summary>
    public Catalogue.VersionDiff? Diff { get; init; }

    private TableLayout? _layout;
    public TableLayout Layout => _layout ??= new TableLayout(Schema);
}

public sealed record PublishedDistribution(
    string Format, string MediaType, string StorageKey, long ByteSize, string Sha256, DateTimeOffset CreatedAt);

/// <summary>Read access to what is published now (and to retained older versions).</summary>
public interface IPublishedDatasets
{
    /// <summary>Current versions of all published datasets, of one organisation or of all when null.</summary>
    Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default);

    /// <summary>The current version, or null if the dataset does not exist or has nothing published.</summary>
    Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default);

    /// <summary>A retained version by number (current or older), or null.</summary>
    Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default);
}
