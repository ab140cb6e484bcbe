namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>An organisation's metadata as it enters (admin API, harvest), before it is stored.</summary>
public sealed record OrganisationMetadata
{
    public string? Name { get; init; }
    public string? Homepage { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? SpatialIri { get; init; }
}

/// <summary>A dataset's metadata as it enters (admin API, wizard, DCAT/CKAN harvest), before it is stored.</summary>
public sealed record DatasetMetadata
{
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? License { get; init; }
    public string? AccessRights { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? LandingPage { get; init; }
    public bool IsHighValue { get; init; }
    public IReadOnlyList<string> HvdCategories { get; init; } = [];
    public IReadOnlyList<int> SustainableDevelopmentGoals { get; init; } = [];
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public IReadOnlyList<string> KeywordsEn { get; init; } = [];
    public string? ContactName { get; init; }
    public string? ContactStreet { get; init; }
    public string? ContactPostalCode { get; init; }
    public string? ContactLocality { get; init; }
    public DateOnly? TemporalStart { get; init; }
    public DateOnly? TemporalEnd { get; init; }
    public IReadOnlyList<string> Spatial { get; init; } = [];
    public IReadOnlyList<string> ConformsTo { get; init; } = [];
    public IReadOnlyList<string> Documentation { get; init; } = [];
    public string? UpdateFrequency { get; init; }
    public string? OriginalIri { get; init; }
    public string? Identifier { get; init; }
    public string? OriginalPublisherName { get; init; }
    public string? OriginalPublisherIri { get; init; }
    public string? SeriesIri { get; init; }
}

/// <summary>
/// The one set of metadata rules: exactly what the DCAT-AP-SE writer needs to publish a record. Applied
/// where metadata enters (admin API → 400 naming the field, wizard → a field error, harvest → a note and
/// the value dropped) and again by the writer, which drops what still breaks them so that one bad value
/// never takes the catalogue down. Field names are those of the admin API's JSON.
/// </summary>
public static class MetadataRules
{
    public static IReadOnlyList<MetadataProblem> Check(OrganisationMetadata organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var problems = new List<MetadataProblem>();
        Add(problems, TextRule.Check("name", organisation.Name, required: true, TextRule.MaxTitleLength, "namnet", "name"));
        Add(problems, WebAddressRule.Check("homepage", organisation.Homepage, "webbplatsen", "homepage"));
        Add(problems, EmailAddressRule.Check("contactEmail", organisation.ContactEmail));
        Add(problems, TelephoneRule.Check("contactPhone", organisation.ContactPhone));
        Add(problems, WebAddressRule.Check("spatialIri", organisation.SpatialIri, "platsen", "place IRI"));
        return problems;
    }

    public static IReadOnlyList<MetadataProblem> Check(DatasetMetadata dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<MetadataProblem>();
        Add(problems, TextRule.Check("title", dataset.Title, required: true, TextRule.MaxTitleLength, "titeln", "title"));
        Add(problems, TextRule.Check("titleEn", dataset.TitleEn, required: false, TextRule.MaxTitleLength, "den engelska titeln", "English title"));
        Add(problems, TextRule.Check("description", dataset.Description, required: true, TextRule.MaxDescriptionLength, "beskrivningen", "description"));
        Add(problems, TextRule.Check("descriptionEn", dataset.DescriptionEn, required: false, TextRule.MaxDescriptionLength, "den engelska beskrivningen", "English description"));
        foreach (var keyword in dataset.Keywords)
            Add(problems, TextRule.Check("keywords", keyword, required: true, TextRule.MaxKeywordLength, "nyckelordet", "keyword"));
        foreach (var theme in dataset.Themes) Add(problems, DataThemeRule.Check("themes", theme));
        Add(problems, WebAddressRule.Check("license", dataset.License, "licensen", "licence"));
        Add(problems, AccessRightsRule.Check("accessRights", dataset.AccessRights));
        Add(problems, EmailAddressRule.Check("contactEmail", dataset.ContactEmail));
        Add(problems, TelephoneRule.Check("contactPhone", dataset.ContactPhone));
        Add(problems, WebAddressRule.Check("landingPage", dataset.LandingPage, "landningssidan", "landing page"));
        foreach (var category in dataset.HvdCategories) Add(problems, HvdCategoryRule.Check("hvdCategories", category));
        Add(problems, HvdCategoryRule.CheckPresent("hvdCategories", dataset.IsHighValue, dataset.HvdCategories.Count));
        foreach (var goal in dataset.SustainableDevelopmentGoals) Add(problems, SustainableDevelopmentGoalRule.Check("sustainableDevelopmentGoals", goal));
        Add(problems, DateRule.Check("issued", dataset.Issued));
        Add(problems, DateRule.Check("modified", dataset.Modified));
        foreach (var keyword in dataset.KeywordsEn)
            Add(problems, TextRule.Check("keywordsEn", keyword, required: true, TextRule.MaxKeywordLength, "det engelska nyckelordet", "English keyword"));
        Add(problems, TextRule.Check("contact.name", dataset.ContactName, required: false, TextRule.MaxTitleLength, "kontaktens namn", "contact's name"));
        Add(problems, TextRule.Check("contact.address", dataset.ContactStreet, required: false, TextRule.MaxTitleLength, "gatuadressen", "street address"));
        Add(problems, TextRule.Check("contact.address", dataset.ContactPostalCode, required: false, TextRule.MaxKeywordLength, "postnumret", "postal code"));
        Add(problems, TextRule.Check("contact.address", dataset.ContactLocality, required: false, TextRule.MaxKeywordLength, "orten", "locality"));
        Add(problems, TemporalRule.Check("temporal", dataset.TemporalStart, dataset.TemporalEnd));
        foreach (var place in dataset.Spatial) Add(problems, WebAddressRule.Check("spatial", place, "platsens IRI", "place IRI"));
        foreach (var standard in dataset.ConformsTo) Add(problems, WebAddressRule.Check("conformsTo", standard, "specifikationens IRI", "specification IRI"));
        foreach (var page in dataset.Documentation) Add(problems, WebAddressRule.Check("documentation", page, "dokumentationssidan", "documentation page"));
        Add(problems, FrequencyRule.Check("updateFrequency", dataset.UpdateFrequency));
        Add(problems, WebAddressRule.Check("originalIri", dataset.OriginalIri, "den ursprungliga IRI:n", "original IRI"));
        Add(problems, TextRule.Check("identifier", dataset.Identifier, required: false, WebAddressRule.MaxLength, "identifieraren", "identifier"));
        Add(problems, OriginalPublisherRule.Check("originalPublisher", dataset.OriginalPublisherName, dataset.OriginalPublisherIri));
        Add(problems, WebAddressRule.Check("seriesIri", dataset.SeriesIri, "seriens IRI", "series IRI"));
        return problems;
    }

    /// <summary>Field → messages, as ASP.NET Core's validation problem (400 problem+json) wants them.</summary>
    public static Dictionary<string, string[]> ToErrors(this IEnumerable<MetadataProblem> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct().ToArray(), StringComparer.Ordinal);

    private static void Add(List<MetadataProblem> problems, MetadataProblem? problem)
    {
        if (problem is not null) problems.Add(problem);
    }
}
