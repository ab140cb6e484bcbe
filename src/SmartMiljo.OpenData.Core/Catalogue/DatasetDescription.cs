namespace SmartMiljo.OpenData.Core.Catalogue;

/// <summary>The period the data covers (DCAT <c>dct:temporal</c>); either end may be open, never both.</summary>
public sealed record TemporalCoverage
{
    public DateOnly? Start { get; }
    public DateOnly? End { get; }

    public TemporalCoverage(DateOnly? start, DateOnly? end)
    {
        if (start is null && end is null) throw new ArgumentException("A time period needs a start, an end or both.");
        if (start > end) throw new ArgumentException($"The time period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
        Start = start;
        End = end;
    }
}

/// <summary>A contact point's postal address (vcard:hasAddress).</summary>
public sealed record PostalAddress(string? Street, string? PostalCode, string? Locality)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Street) && string.IsNullOrWhiteSpace(PostalCode) && string.IsNullOrWhiteSpace(Locality);
}

/// <summary>Who answers questions about the dataset (dcat:contactPoint).</summary>
/// <summary>
/// The texts of a dataset in a language beyond Swedish and English, under the language tag the source gives
/// (<c>de</c>, <c>fi</c>, or a transformed one such as <c>en-t-sv-t0-mtec</c>, a machine translation from Swedish).
/// </summary>
public sealed record LanguageText(string Language, string? Title, string? Description, IReadOnlyList<string> Keywords);

public sealed record DatasetContact(string? Name, string? Email, string? Phone, PostalAddress? Address);

/// <summary>The organisation that published a harvested record at its source, kept as the record's publisher;
/// <paramref name="Type"/> is its ADMS publisher type (LocalAuthority, NationalAuthority, …).</summary>
public sealed record OriginalPublisher(string Name, string Iri, string Type);

/// <summary>
/// Everything a publisher describes about a dataset (DCAT-AP-SE), as one value: read from a dataset with
/// <see cref="Dataset.CurrentDescription"/> and applied whole with <see cref="Dataset.Describe"/>. Values are
/// checked where they enter (Rdf.Metadata rules); the entity guards only what would make the record incoherent.
/// </summary>
public sealed record DatasetDescription
{
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public string Description { get; init; } = "";
    public string? DescriptionEn { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> KeywordsEn { get; init; } = [];
    /// <summary>EU data-theme codes such as <c>ENVI</c>.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string License { get; init; } = Licenses.Cc0;
    /// <summary>PUBLIC, RESTRICTED or NON_PUBLIC.</summary>
    public string AccessRights { get; init; } = "PUBLIC";
    public DatasetContact? Contact { get; init; }
    public TemporalCoverage? Temporal { get; init; }
    /// <summary>Place IRIs (GeoNames, EU places, …); the organisation's place when empty.</summary>
    public IReadOnlyList<string> Spatial { get; init; } = [];
    /// <summary>Specifications or standards the data follows beyond its data specification (dct:conformsTo).</summary>
    public IReadOnlyList<string> ConformsTo { get; init; } = [];
    /// <summary>Pages documenting the dataset (foaf:page).</summary>
    public IReadOnlyList<string> Documentation { get; init; } = [];
    public string? LandingPage { get; init; }
    /// <summary>How often the data changes, as an EU frequency code (ANNUAL, IRREG, …); separate from the harvest schedule.</summary>
    public string? UpdateFrequency { get; init; }
    public bool IsHighValue { get; init; }
    public IReadOnlyList<string> HvdCategories { get; init; } = [];
    /// <summary>Agenda 2030 goals, 1..17.</summary>
    public IReadOnlyList<int> SustainableDevelopmentGoals { get; init; } = [];
    /// <summary>The dataset's IRI at its source, kept as its identity when it was harvested from another catalogue.</summary>
    public string? OriginalIri { get; init; }
    /// <summary>dct:identifier as the source gives it.</summary>
    public string? Identifier { get; init; }
    public OriginalPublisher? OriginalPublisher { get; init; }
    /// <summary>The dataset series this dataset belongs to (dcat:inSeries).</summary>
    public string? SeriesIri { get; init; }
    /// <summary>Titles, descriptions and keywords in other languages and machine translations, one entry per language tag.</summary>
    public IReadOnlyList<LanguageText> OtherLanguages { get; init; } = [];
}
