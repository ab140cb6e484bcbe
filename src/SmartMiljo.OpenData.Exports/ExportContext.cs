using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports;

/// <summary>What a format needs to know about the dataset version besides its rows.</summary>
/// <param name="Layout">The table layout; rows are aligned with <c>Layout.Schema.Fields</c>. Kept in its
/// <see cref="TableLayout.Published"/> form, so every format names its columns by the same identifiers as
/// OData and OGC API and keeps the source's headers as titles.</param>
/// <param name="DatasetTitle">Human title, used in README and sheet names.</param>
/// <param name="Description">Dataset description, if any.</param>
/// <param name="License">Licence IRI, if any.</param>
/// <param name="Publisher">Publishing organisation's name, if known.</param>
/// <param name="VersionNumber">Published version number, if known.</param>
/// <param name="PublishedAt">When the version was published, if known.</param>
/// <param name="LandingPage">Where the dataset is described online, if known.</param>
/// <param name="FileBaseName">File name without extension for files inside the zip bundle, e.g.
/// <c>harryda-badplatser-v3</c>; "data" when not given.</param>
public sealed record ExportContext(
    TableLayout Layout,
    string DatasetTitle,
    string? Description,
    string? License,
    string? Publisher = null,
    int? VersionNumber = null,
    DateTimeOffset? PublishedAt = null,
    string? LandingPage = null,
    string? FileBaseName = null)
{
    private readonly TableLayout _layout = Layout.Published();

    public TableLayout Layout { get => _layout; init => _layout = value.Published(); }
}
