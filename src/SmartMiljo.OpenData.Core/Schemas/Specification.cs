namespace SmartMiljo.OpenData.Core.Schemas;

public enum SpecificationStatus { Draft, Official }

/// <summary>A national data specification (one version of it) with the table schema it prescribes.</summary>
public sealed record Specification
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public SpecificationStatus Status { get; init; } = SpecificationStatus.Draft;
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }

    /// <summary>The IRI used in <c>dct:conformsTo</c>.</summary>
    public required string Iri { get; init; }

    /// <summary>EU data-theme codes (e.g. <c>ENVI</c>) suggested for datasets following it.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    public required TableSchema Schema { get; init; }
}
