using SmartMiljo.OpenData.Rdf.Metadata;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// Applies the metadata rules to a harvested catalogue record before it reaches the catalogue: a value that
/// breaks them is dropped and the record gets a note saying which and why; the record itself is kept.
/// </summary>
public static class CatalogueRecordRules
{
    public const string UntitledSv = "Namnlös datamängd";

    public static CatalogueRecord Apply(CatalogueRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var problems = MetadataRules.Check(new DatasetMetadata
        {
            Title = record.Title, TitleEn = record.TitleEn, Description = record.Description ?? record.Title, DescriptionEn = record.DescriptionEn,
            Keywords = record.Keywords, KeywordsEn = record.KeywordsEn, Themes = record.Themes, License = record.License, AccessRights = record.AccessRights,
            ContactName = record.ContactName, ContactEmail = record.ContactEmail, ContactPhone = record.ContactPhone,
            ContactStreet = record.ContactStreet, ContactPostalCode = record.ContactPostalCode, ContactLocality = record.ContactLocality,
            TemporalStart = record.TemporalStart, TemporalEnd = record.TemporalEnd, Spatial = record.Spatial, ConformsTo = record.ConformsTo,
            Documentation = record.Documentation, LandingPage = record.LandingPage, UpdateFrequency = record.UpdateFrequency,
            IsHighValue = record.IsHighValue, HvdCategories = record.HvdCategories, SustainableDevelopmentGoals = record.SustainableDevelopmentGoals,
            Issued = record.Issued, Modified = record.Modified, OriginalIri = record.OriginalIri, Identifier = record.Identifier,
            // The type is checked once the organisation's default is known; here the name and IRI are.
            OriginalPublisherName = record.PublisherName, OriginalPublisherIri = record.PublisherIri,
            OriginalPublisherType = record.PublisherName is null && record.PublisherIri is null ? null : record.PublisherType ?? "LocalAuthority",
            SeriesIri = record.SeriesIri,
        });
        if (problems.Count == 0) return record;
        bool Bad(string field) => problems.Any(p => p.Field == field);
        var notes = record.Notes.ToList();
        foreach (var p in problems)
            notes.Add($"{p.Field}{(p.Value is null ? "" : $" '{p.Value}'")} was left out: {p.English} / {p.Field} togs inte med: {p.Swedish}");
        var hvd = record.HvdCategories.Where(c => HvdCategoryRule.Check("hvdCategories", c) is null).ToList();
        return record with
        {
            Title = Bad("title") ? UntitledSv : record.Title,
            Description = Bad("description") ? null : record.Description,
            TitleEn = Bad("titleEn") ? null : record.TitleEn,
            DescriptionEn = Bad("descriptionEn") ? null : record.DescriptionEn,
            Keywords = record.Keywords.Where(k => TextRule.Check("keywords", k, true, TextRule.MaxKeywordLength, "", "") is null).ToList(),
            KeywordsEn = record.KeywordsEn.Where(k => TextRule.Check("keywordsEn", k, true, TextRule.MaxKeywordLength, "", "") is null).ToList(),
            Themes = record.Themes.Select(DataThemeRule.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            License = Bad("license") ? null : record.License,
            AccessRights = Bad("accessRights") ? null : record.AccessRights,
            ContactName = Bad("contact.name") ? null : record.ContactName,
            ContactEmail = Bad("contactEmail") ? null : record.ContactEmail,
            ContactPhone = Bad("contactPhone") ? null : record.ContactPhone,
            ContactStreet = Bad("contact.address") ? null : record.ContactStreet,
            ContactPostalCode = Bad("contact.address") ? null : record.ContactPostalCode,
            ContactLocality = Bad("contact.address") ? null : record.ContactLocality,
            TemporalStart = Bad("temporal") ? null : record.TemporalStart,
            TemporalEnd = Bad("temporal") ? null : record.TemporalEnd,
            Spatial = record.Spatial.Where(WebAddressRule.IsValid).ToList(),
            ConformsTo = record.ConformsTo.Where(WebAddressRule.IsValid).ToList(),
            Documentation = record.Documentation.Where(WebAddressRule.IsValid).ToList(),
            LandingPage = Bad("landingPage") ? null : record.LandingPage,
            UpdateFrequency = Bad("updateFrequency") ? null : record.UpdateFrequency,
            HvdCategories = hvd,
            IsHighValue = record.IsHighValue && hvd.Count > 0,
            SustainableDevelopmentGoals = record.SustainableDevelopmentGoals.Where(g => g is >= 1 and <= 17).ToList(),
            Issued = Bad("issued") ? null : record.Issued,
            Modified = Bad("modified") ? null : record.Modified,
            OriginalIri = Bad("originalIri") ? null : record.OriginalIri,
            Identifier = Bad("identifier") ? null : record.Identifier,
            PublisherName = Bad("originalPublisher") ? null : record.PublisherName,
            PublisherIri = Bad("originalPublisher") ? null : record.PublisherIri,
            PublisherType = Bad("originalPublisher") ? null : record.PublisherType,
            SeriesIri = Bad("seriesIri") ? null : record.SeriesIri,
            Notes = notes,
        };
    }
}
