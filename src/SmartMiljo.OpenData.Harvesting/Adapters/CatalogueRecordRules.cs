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
            Keywords = record.Keywords, Themes = record.Themes, License = record.License, ContactEmail = record.ContactEmail, Modified = record.Modified,
        });
        if (problems.Count == 0) return record;
        bool Bad(string field) => problems.Any(p => p.Field == field);
        var notes = record.Notes.ToList();
        foreach (var p in problems)
            notes.Add($"{p.Field}{(p.Value is null ? "" : $" '{p.Value}'")} was left out: {p.English} / {p.Field} togs inte med: {p.Swedish}");
        return record with
        {
            Title = Bad("title") ? UntitledSv : record.Title,
            Description = Bad("description") ? null : record.Description,
            TitleEn = Bad("titleEn") ? null : record.TitleEn,
            DescriptionEn = Bad("descriptionEn") ? null : record.DescriptionEn,
            Keywords = record.Keywords.Where(k => TextRule.Check("keywords", k, true, TextRule.MaxKeywordLength, "", "") is null).ToList(),
            Themes = record.Themes.Select(DataThemeRule.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            License = Bad("license") ? null : record.License,
            ContactEmail = Bad("contactEmail") ? null : record.ContactEmail,
            Modified = Bad("modified") ? null : record.Modified,
            Notes = notes,
        };
    }
}
