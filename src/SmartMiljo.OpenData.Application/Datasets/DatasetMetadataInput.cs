using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Rdf.Metadata;

namespace SmartMiljo.OpenData.Application.Datasets;

public sealed record TemporalInput(DateOnly? Start = null, DateOnly? End = null);

public sealed record AddressInput(string? Street = null, string? PostalCode = null, string? Locality = null);

public sealed record ContactInput(string? Name = null, string? Email = null, string? Phone = null, AddressInput? Address = null);

public sealed record PublisherInput(string? Name = null, string? Iri = null, string? Type = null);

/// <summary>
/// A dataset's description as it enters from a door (the admin API's JSON, the publishing web's form):
/// anything may be missing or wrong here. <see cref="Check"/> applies the metadata rules; only a checked
/// input becomes a <see cref="DatasetDescription"/>.
/// </summary>
public sealed record DatasetMetadataInput
{
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }
    public List<string>? Keywords { get; init; }
    public List<string>? KeywordsEn { get; init; }
    public List<string>? Themes { get; init; }
    public string? License { get; init; }
    public string? AccessRights { get; init; }
    public ContactInput? Contact { get; init; }
    public TemporalInput? Temporal { get; init; }
    public List<string>? Spatial { get; init; }
    public List<string>? ConformsTo { get; init; }
    public List<string>? Documentation { get; init; }
    public string? LandingPage { get; init; }
    public string? UpdateFrequency { get; init; }
    public bool IsHighValue { get; init; }
    public List<string>? HvdCategories { get; init; }
    public List<int>? SustainableDevelopmentGoals { get; init; }
    public string? OriginalIri { get; init; }
    public string? Identifier { get; init; }
    public PublisherInput? OriginalPublisher { get; init; }
    public string? SeriesIri { get; init; }
    /// <summary>Texts in other languages (language tag, title, description, keywords), as harvested records carry them.</summary>
    public List<LanguageText>? OtherLanguages { get; init; }

    public static DatasetMetadataInput From(DatasetDescription d) => new()
    {
        Title = d.Title, TitleEn = d.TitleEn, Description = d.Description, DescriptionEn = d.DescriptionEn,
        Keywords = [.. d.Keywords], KeywordsEn = [.. d.KeywordsEn], Themes = [.. d.Themes], License = d.License, AccessRights = d.AccessRights,
        Contact = d.Contact is { } c ? new ContactInput(c.Name, c.Email, c.Phone, c.Address is { } a ? new AddressInput(a.Street, a.PostalCode, a.Locality) : null) : null,
        Temporal = d.Temporal is { } t ? new TemporalInput(t.Start, t.End) : null,
        Spatial = [.. d.Spatial], ConformsTo = [.. d.ConformsTo], Documentation = [.. d.Documentation], LandingPage = d.LandingPage,
        UpdateFrequency = d.UpdateFrequency, IsHighValue = d.IsHighValue, HvdCategories = [.. d.HvdCategories],
        SustainableDevelopmentGoals = [.. d.SustainableDevelopmentGoals], OriginalIri = d.OriginalIri, Identifier = d.Identifier,
        OriginalPublisher = d.OriginalPublisher is { } p ? new PublisherInput(p.Name, p.Iri, p.Type) : null, SeriesIri = d.SeriesIri,
        OtherLanguages = [.. d.OtherLanguages],
    };

    /// <summary>The metadata rules' problems, by field (empty when the input may be stored).</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = MetadataRules.Check(new DatasetMetadata
        {
            Title = Title, TitleEn = TitleEn, Description = Description, DescriptionEn = DescriptionEn,
            Keywords = Keywords ?? [], KeywordsEn = KeywordsEn ?? [], Themes = Themes ?? [], License = License, AccessRights = AccessRights,
            ContactName = Contact?.Name, ContactEmail = Contact?.Email, ContactPhone = Contact?.Phone,
            ContactStreet = Contact?.Address?.Street, ContactPostalCode = Contact?.Address?.PostalCode, ContactLocality = Contact?.Address?.Locality,
            TemporalStart = Temporal?.Start, TemporalEnd = Temporal?.End, Spatial = Spatial ?? [], ConformsTo = ConformsTo ?? [],
            Documentation = Documentation ?? [], LandingPage = LandingPage, UpdateFrequency = UpdateFrequency,
            IsHighValue = IsHighValue, HvdCategories = HvdCategories ?? [], SustainableDevelopmentGoals = SustainableDevelopmentGoals ?? [],
            OriginalIri = OriginalIri, Identifier = Identifier,
            OriginalPublisherName = OriginalPublisher?.Name, OriginalPublisherIri = OriginalPublisher?.Iri, OriginalPublisherType = OriginalPublisher?.Type, SeriesIri = SeriesIri,
        }).ToErrors();
        foreach (var text in OtherLanguages ?? [])
            if (LanguageTagRule.Check("otherLanguages", text?.Language) is { } problem)
                errors.TryAdd(problem.Field, [problem.Message]);
        if (License is null) errors.TryAdd("license", ["Ange licensen, t.ex. http://creativecommons.org/publicdomain/zero/1.0/. / Give the licence, e.g. http://creativecommons.org/publicdomain/zero/1.0/."]);
        return errors;
    }

    /// <summary>The checked input as the entity's value; call only when <see cref="Check"/> found nothing.</summary>
    public DatasetDescription ToDescription()
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var address = Contact?.Address is { } a && (Text(a.Street) ?? Text(a.PostalCode) ?? Text(a.Locality)) is not null
            ? new PostalAddress(Text(a.Street), Text(a.PostalCode), Text(a.Locality)) : null;
        var contact = Contact is { } c && (Text(c.Name) ?? Text(c.Email) ?? Text(c.Phone)) is not null || address is not null
            ? new DatasetContact(Text(Contact!.Name), Text(Contact.Email), Text(Contact.Phone), address) : null;
        return new DatasetDescription
        {
            Title = Title!.Trim(), TitleEn = Text(TitleEn), Description = Description?.Trim() ?? "", DescriptionEn = Text(DescriptionEn),
            Keywords = Keywords ?? [], KeywordsEn = KeywordsEn ?? [], Themes = (Themes ?? []).Select(t => DataThemeRule.Normalise(t) ?? t).ToList(),
            License = License!.Trim(), AccessRights = AccessRights ?? "PUBLIC", Contact = contact,
            Temporal = Temporal is { } t && (t.Start is not null || t.End is not null) ? new TemporalCoverage(t.Start, t.End) : null,
            Spatial = Spatial ?? [], ConformsTo = ConformsTo ?? [], Documentation = Documentation ?? [], LandingPage = Text(LandingPage),
            UpdateFrequency = Text(UpdateFrequency)?.ToUpperInvariant(), IsHighValue = IsHighValue, HvdCategories = HvdCategories ?? [],
            SustainableDevelopmentGoals = SustainableDevelopmentGoals ?? [], OriginalIri = Text(OriginalIri), Identifier = Text(Identifier),
            OriginalPublisher = OriginalPublisher is { } p && Text(p.Name) is { } name && Text(p.Iri) is { } iri && Text(p.Type) is { } type
                ? new OriginalPublisher(name, iri, type) : null,
            SeriesIri = Text(SeriesIri),
            OtherLanguages = (OtherLanguages ?? []).Select(t => t with { Keywords = t.Keywords ?? [] }).ToList(),
        };
    }
}
