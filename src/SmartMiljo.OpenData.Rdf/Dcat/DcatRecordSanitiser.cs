using SmartMiljo.OpenData.Rdf.Metadata;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>A value or record the catalogue writer left out, and why (logged by the caller).</summary>
public sealed record DcatOmission(string Record, string Field, string? Value, string Message, bool RecordDropped)
{
    public override string ToString() => RecordDropped
        ? $"{Record} was left out of the catalogue: {Field} {Message}"
        : $"{Record}: {Field} '{Value}' was left out: {Message}";
}

/// <summary>
/// Applies <see cref="MetadataRules"/> to a record just before it is written. Data stored before the rules
/// existed (or set around them) may still break them: an optional value that does is dropped, a mandatory
/// one (name, title, description, licence) makes the record unwritable. Either way the caller is told.
/// </summary>
public static class DcatRecordSanitiser
{
    /// <summary>The organisation with its bad optional values removed; throws <see cref="DcatMappingException"/> when it cannot be written.</summary>
    public static DcatOrganisation Sanitise(DcatOrganisation organisation, Action<DcatOmission>? onOmission)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var record = $"organisation {organisation.Slug}";
        var problems = MetadataRules.Check(new OrganisationMetadata
        {
            Name = organisation.Name, Homepage = organisation.Homepage, ContactEmail = organisation.ContactEmail,
            ContactPhone = organisation.ContactPhone, SpatialIri = organisation.SpatialIri,
        });
        if (problems.FirstOrDefault(p => p.Field == "name") is { } fatal) throw new DcatMappingException($"{record}: {fatal.Message}");
        foreach (var p in problems) onOmission?.Invoke(new DcatOmission(record, p.Field, p.Value, p.Message, RecordDropped: false));
        bool Bad(string field) => problems.Any(p => p.Field == field);
        return organisation with
        {
            Homepage = Bad("homepage") ? null : organisation.Homepage,
            ContactEmail = Bad("contactEmail") ? null : organisation.ContactEmail,
            ContactPhone = Bad("contactPhone") ? null : organisation.ContactPhone,
            SpatialIri = Bad("spatialIri") ? null : organisation.SpatialIri,
        };
    }

    /// <summary>The dataset with its bad optional values removed; throws <see cref="DcatMappingException"/> when it cannot be written.</summary>
    public static DcatDataset Sanitise(string organisationSlug, DcatDataset dataset, Action<DcatOmission>? onOmission)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var record = $"dataset {organisationSlug}/{dataset.Slug}";
        var problems = new List<MetadataProblem>(MetadataRules.Check(new DatasetMetadata
        {
            Title = dataset.Title?.Sv, TitleEn = dataset.Title?.En, Description = dataset.Description?.Sv, DescriptionEn = dataset.Description?.En,
            Keywords = dataset.Keywords.Select(k => k.Text).ToList(), Themes = dataset.Themes, License = dataset.LicenseIri,
            ContactEmail = dataset.Contact?.Email, ContactPhone = dataset.Contact?.Phone, LandingPage = dataset.LandingPage,
            IsHighValue = dataset.IsHighValue, HvdCategories = dataset.HvdCategories, SustainableDevelopmentGoals = dataset.SustainableDevelopmentGoals,
            Issued = dataset.Issued, Modified = dataset.Modified,
            ContactName = dataset.Contact?.Name, ContactStreet = dataset.Contact?.Address?.Street,
            ContactPostalCode = dataset.Contact?.Address?.PostalCode, ContactLocality = dataset.Contact?.Address?.Locality,
            Identifier = dataset.Identifier, OriginalIri = dataset.OriginalIri, SeriesIri = dataset.SeriesIri,
            OriginalPublisherName = dataset.Publisher?.Name, OriginalPublisherIri = dataset.Publisher?.Iri, OriginalPublisherType = dataset.Publisher?.Type.ToString(),
        }));
        var spatial = Valid(dataset.Spatial, "spatial", problems);
        var conformsTo = Valid(dataset.ConformsTo, "conformsTo", problems);
        var documentation = Valid(dataset.Documentation, "documentation", problems);
        if (problems.FirstOrDefault(p => p.Field is "title" or "description" or "license") is { } fatal)
            throw new DcatMappingException($"{record}: {fatal.Message}");

        var keywords = dataset.Keywords.Where(k => TextRule.Check("keywords", k.Text, true, TextRule.MaxKeywordLength, "", "") is null).ToList();
        foreach (var k in keywords.ToList())
            if (LanguageTagRule.Check("keywords", k.Language) is { } p) { problems.Add(p); keywords.Remove(k); }
        var otherLanguages = new List<DcatLanguageText>();
        foreach (var text in dataset.OtherLanguages)
        {
            // A bad tag or text costs that language's text, never the record.
            if (LanguageTagRule.Check("otherLanguages", text.Language) is { } tagProblem) { problems.Add(tagProblem); continue; }
            var title = TextRule.Check("otherLanguages", text.Title, false, TextRule.MaxTitleLength, "", "") is null ? text.Title : null;
            var description = TextRule.Check("otherLanguages", text.Description, false, TextRule.MaxDescriptionLength, "", "") is null ? text.Description : null;
            if (title is not null || description is not null) otherLanguages.Add(new DcatLanguageText(text.Language, title, description));
        }
        var hvd = dataset.HvdCategories.Where(c => HvdCategoryRule.Check("hvdCategories", c) is null).ToList();
        bool highValue = dataset.IsHighValue && hvd.Count > 0;
        string? specification = dataset.SpecificationIri;
        if (WebAddressRule.Check("specification", specification, "specifikationen", "specification") is { } specProblem) { problems.Add(specProblem); specification = null; }
        string? frequency = dataset.UpdateFrequency;
        if (FrequencyRule.Check("updateFrequency", frequency) is { } frequencyProblem) { problems.Add(frequencyProblem); frequency = null; }
        var box = dataset.BoundingBox;
        if (box is not null && !IsValidBox(box))
        {
            problems.Add(new MetadataProblem("boundingBox", $"{box.MinLatitude} {box.MinLongitude} {box.MaxLatitude} {box.MaxLongitude}",
                "Utbredningen är ingen giltig WGS 84-rektangel.", "The extent is not a valid WGS 84 box."));
            box = null;
        }
        var temporal = dataset.Temporal;
        if (temporal is { Start: { } start, End: { } end } && start > end)
        {
            problems.Add(new MetadataProblem("temporal", $"{start:yyyy-MM-dd}/{end:yyyy-MM-dd}", "Tidsperioden slutar innan den börjar.", "The time period ends before it starts."));
            temporal = null;
        }

        foreach (var p in problems) onOmission?.Invoke(new DcatOmission(record, p.Field, p.Value, p.Message, RecordDropped: false));
        bool Bad(string field) => problems.Any(p => p.Field == field);
        var contact = dataset.Contact;
        if (contact is not null)
            contact = Bad("contactEmail") || string.IsNullOrWhiteSpace(contact.Email) ? null : Bad("contactPhone") ? contact with { Phone = null } : contact;
        if (contact is not null && Bad("contact.address")) contact = contact with { Address = null };
        if (contact is not null && Bad("contact.name")) contact = null;
        return dataset with
        {
            Title = Bad("titleEn") ? dataset.Title! with { En = null } : dataset.Title!,
            Description = Bad("descriptionEn") ? dataset.Description! with { En = null } : dataset.Description!,
            Keywords = keywords,
            Themes = dataset.Themes.Select(DataThemeRule.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Contact = contact,
            LandingPage = Bad("landingPage") ? null : dataset.LandingPage,
            SpecificationIri = specification,
            UpdateFrequency = frequency,
            IsHighValue = highValue,
            HvdCategories = highValue ? hvd : [],
            SustainableDevelopmentGoals = dataset.SustainableDevelopmentGoals.Where(g => g is >= 1 and <= 17).ToList(),
            Issued = Bad("issued") ? null : dataset.Issued,
            Modified = Bad("modified") ? null : dataset.Modified,
            BoundingBox = box,
            Temporal = temporal,
            Spatial = spatial,
            ConformsTo = conformsTo,
            Documentation = documentation,
            Identifier = Bad("identifier") ? null : dataset.Identifier,
            OriginalIri = Bad("originalIri") ? null : dataset.OriginalIri,
            Publisher = Bad("originalPublisher") ? null : dataset.Publisher,
            SeriesIri = Bad("seriesIri") ? null : dataset.SeriesIri,
            OtherLanguages = otherLanguages,
        };
    }

    /// <summary>The IRIs of a list that pass <see cref="WebAddressRule"/>; the others become problems of <paramref name="field"/>.</summary>
    private static List<string> Valid(IReadOnlyList<string> iris, string field, List<MetadataProblem> problems)
    {
        var kept = new List<string>(iris.Count);
        foreach (var iri in iris)
            if (WebAddressRule.Check(field, iri) is { } problem) problems.Add(problem);
            else kept.Add(iri);
        return kept;
    }

    private static bool IsValidBox(DcatBoundingBox b) =>
        b.MinLatitude is >= -90 and <= 90 && b.MaxLatitude is >= -90 and <= 90 && b.MinLongitude is >= -180 and <= 180 && b.MaxLongitude is >= -180 and <= 180
        && b.MinLatitude <= b.MaxLatitude && b.MinLongitude <= b.MaxLongitude;
}
