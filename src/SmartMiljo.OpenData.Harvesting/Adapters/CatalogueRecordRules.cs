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
        var m = record.Metadata;
        // The type is checked once the organisation's default is known; here the name and IRI are.
        var problems = MetadataRules.Check(m with
        {
            Description = m.Description ?? m.Title,
            OriginalPublisherType = m.OriginalPublisherName is null && m.OriginalPublisherIri is null ? null : m.OriginalPublisherType ?? "LocalAuthority",
        });
        if (problems.Count == 0) return record;
        bool Bad(string field) => problems.Any(p => p.Field == field);
        var notes = record.Notes.ToList();
        foreach (var p in problems)
            notes.Add($"{p.Field}{(p.Value is null ? "" : $" '{p.Value}'")} was left out: {p.English} / {p.Field} togs inte med: {p.Swedish}");
        var hvd = m.HvdCategories.Where(c => HvdCategoryRule.Check("hvdCategories", c) is null).ToList();
        return record with
        {
            Metadata = m with
            {
                Title = Bad("title") ? UntitledSv : m.Title,
                Description = Bad("description") ? null : m.Description,
                TitleEn = Bad("titleEn") ? null : m.TitleEn,
                DescriptionEn = Bad("descriptionEn") ? null : m.DescriptionEn,
                Keywords = m.Keywords.Where(k => TextRule.Check("keywords", k, true, TextRule.MaxKeywordLength, "", "") is null).ToList(),
                KeywordsEn = m.KeywordsEn.Where(k => TextRule.Check("keywordsEn", k, true, TextRule.MaxKeywordLength, "", "") is null).ToList(),
                Themes = m.Themes.Select(DataThemeRule.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                License = Bad("license") ? null : m.License,
                AccessRights = Bad("accessRights") ? null : m.AccessRights,
                ContactName = Bad("contact.name") ? null : m.ContactName,
                ContactEmail = Bad("contactEmail") ? null : m.ContactEmail,
                ContactPhone = Bad("contactPhone") ? null : m.ContactPhone,
                ContactStreet = Bad("contact.address") ? null : m.ContactStreet,
                ContactPostalCode = Bad("contact.address") ? null : m.ContactPostalCode,
                ContactLocality = Bad("contact.address") ? null : m.ContactLocality,
                TemporalStart = Bad("temporal") ? null : m.TemporalStart,
                TemporalEnd = Bad("temporal") ? null : m.TemporalEnd,
                Spatial = m.Spatial.Where(WebAddressRule.IsValid).ToList(),
                ConformsTo = m.ConformsTo.Where(WebAddressRule.IsValid).ToList(),
                Documentation = m.Documentation.Where(WebAddressRule.IsValid).ToList(),
                LandingPage = Bad("landingPage") ? null : m.LandingPage,
                UpdateFrequency = Bad("updateFrequency") ? null : m.UpdateFrequency,
                HvdCategories = hvd,
                IsHighValue = m.IsHighValue && hvd.Count > 0,
                SustainableDevelopmentGoals = m.SustainableDevelopmentGoals.Where(g => g is >= 1 and <= 17).ToList(),
                Issued = Bad("issued") ? null : m.Issued,
                Modified = Bad("modified") ? null : m.Modified,
                OriginalIri = Bad("originalIri") ? null : m.OriginalIri,
                Identifier = Bad("identifier") ? null : m.Identifier,
                OriginalPublisherName = Bad("originalPublisher") ? null : m.OriginalPublisherName,
                OriginalPublisherIri = Bad("originalPublisher") ? null : m.OriginalPublisherIri,
                OriginalPublisherType = Bad("originalPublisher") ? null : m.OriginalPublisherType,
                SeriesIri = Bad("seriesIri") ? null : m.SeriesIri,
            },
            Notes = notes,
        };
    }
}
