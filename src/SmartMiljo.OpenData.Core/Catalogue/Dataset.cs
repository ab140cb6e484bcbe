namespace SmartMiljo.OpenData.Core.Catalogue;

public enum DatasetStatus { Draft, Published, Withdrawn }

/// <summary>A dataset in the catalogue: its metadata and a pointer to the version readers see. Its state
/// (published, withdrawn, current version) changes only through its methods, which guard the transitions.</summary>
public class Dataset
{
    private Dataset() { } // for EF Core

    /// <summary>A new draft dataset of an organisation, described by <paramref name="description"/>.</summary>
    public static Dataset Create(Guid organisationId, string slug, DatasetDescription description, DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(slug)) throw new ArgumentException("A dataset needs a slug.", nameof(slug));
        var dataset = new Dataset { OrganisationId = organisationId, Slug = slug, CreatedAt = createdAt };
        dataset.Apply(description);
        return dataset;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();
    public Guid OrganisationId { get; private set; }
    public Organisation? Organisation { get; private set; }

    /// <summary>URL segment within the organisation, e.g. <c>badplatser</c>.</summary>
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? TitleEn { get; private set; }
    public string Description { get; private set; } = "";
    public string? DescriptionEn { get; private set; }
    public List<string> Keywords { get; private set; } = [];

    /// <summary>EU data-theme codes such as <c>ENVI</c>.</summary>
    public List<string> Themes { get; private set; } = [];
    public string? SpecificationId { get; private set; }
    public string? SpecificationVersion { get; private set; }

    /// <summary>Licence IRI exactly as DCAT-AP-SE wants it.</summary>
    public string License { get; private set; } = Licenses.Cc0;
    public string AccessRights { get; private set; } = "PUBLIC";
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }
    public bool IsHighValue { get; private set; }
    public List<string> HvdCategories { get; private set; } = [];

    /// <summary>Agenda 2030 goals, 1..17.</summary>
    public List<int> SustainableDevelopmentGoals { get; private set; } = [];
    public DatasetStatus Status { get; private set; } = DatasetStatus.Draft;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? Issued { get; private set; }
    public DateTimeOffset? Modified { get; private set; }

    /// <summary>English keywords; <see cref="Keywords"/> are Swedish.</summary>
    public List<string> KeywordsEn { get; private set; } = [];
    public string? ContactName { get; private set; }
    public string? ContactStreet { get; private set; }
    public string? ContactPostalCode { get; private set; }
    public string? ContactLocality { get; private set; }
    public DateOnly? TemporalStart { get; private set; }
    public DateOnly? TemporalEnd { get; private set; }
    public List<string> Spatial { get; private set; } = [];
    public List<string> ConformsTo { get; private set; } = [];
    public List<string> Documentation { get; private set; } = [];
    public string? LandingPage { get; private set; }
    public string? UpdateFrequency { get; private set; }
    public string? OriginalIri { get; private set; }
    public string? Identifier { get; private set; }
    public string? OriginalPublisherName { get; private set; }
    public string? OriginalPublisherIri { get; private set; }
    public string? OriginalPublisherType { get; private set; }
    public string? SeriesIri { get; private set; }

    /// <summary>A harvested catalogue record published without data of ours: readers see its description and
    /// the distributions of its source (<see cref="SourceDistributions"/>), not a table.</summary>
    public bool RecordOnly { get; private set; }

    /// <summary>Whether the dataset is in our own DCAT feed. Records harvested from a catalogue that
    /// dataportal.se may harvest itself are not, unless their source says so (its "republish" setting).</summary>
    public bool Republished { get; private set; } = true;

    /// <summary>The distributions of a harvested record as its source gives them.</summary>
    public List<SourceDistribution> SourceDistributions { get; private set; } = [];

    /// <summary>Texts in languages beyond Swedish and English, as a harvested record gave them (one entry per tag).</summary>
    public List<LanguageText> OtherLanguages { get; private set; } = [];

    /// <summary>When the description was last edited; the catalogue's ETag and Last-Modified follow it.</summary>
    public DateTimeOffset? MetadataModified { get; private set; }

    /// <summary>The published version readers see; switched in one transaction at publish.</summary>
    public Guid? CurrentVersionId { get; private set; }
    public DatasetVersion? CurrentVersion { get; private set; }

    /// <summary>
    /// Moves readers to <paramref name="version"/>: it becomes the current version, the one readers saw until
    /// now (<paramref name="previous"/>, which must be the current one) becomes history, and the dataset is
    /// published. Committed on its own, this is the whole publish switch. A withdrawn dataset is not published
    /// again (a harvest that was running or queued when it was withdrawn must not bring it back).
    /// </summary>
    public void Publish(DatasetVersion version, DatasetVersion? previous, DateTimeOffset at)
    {
        if (Status == DatasetStatus.Withdrawn)
            throw new InvalidOperationException($"{Slug} is withdrawn; a withdrawn dataset is not published again.");
        if (version.DatasetId != Id) throw new InvalidOperationException($"Version {version.Number} belongs to another dataset than {Slug}.");
        if (previous?.Id != CurrentVersionId)
            throw new InvalidOperationException($"The version readers see of {Slug} changed meanwhile; publish again from the current one.");
        previous?.Supersede();
        version.MarkPublished(at);
        CurrentVersionId = version.Id;
        Status = DatasetStatus.Published;
        RecordOnly = false;
        Issued ??= at;
        Modified = at;
    }

    /// <summary>Readers no longer see the dataset; its versions stay as history. Withdrawing a withdrawn dataset
    /// changes nothing (it keeps the time it was withdrawn).</summary>
    public void Withdraw(DateTimeOffset at)
    {
        if (Status == DatasetStatus.Withdrawn) return;
        Status = DatasetStatus.Withdrawn;
        Modified = at;
    }

    /// <summary>A withdrawn dataset whose source lists it again is shown again when it has data, else it is a
    /// draft again (which its next load publishes).</summary>
    public void Reinstate()
    {
        if (Status == DatasetStatus.Withdrawn) Status = CurrentVersionId is not null || RecordOnly ? DatasetStatus.Published : DatasetStatus.Draft;
    }

    /// <summary>
    /// Keeps what a catalogue says of a harvested record beyond its description: its distributions as the
    /// source points to them, its original issued and modified dates, and whether its source republishes it.
    /// </summary>
    public void KeepSourceRecord(IEnumerable<SourceDistribution> distributions, DateTimeOffset? issued, DateTimeOffset? modified, bool republished)
    {
        SourceDistributions = distributions.ToList();
        if (issued is not null) Issued = issued;
        if (modified is not null) Modified = modified;
        Republished = republished;
    }

    /// <summary>
    /// Publishes a harvested record that has no data of ours (yet): readers see its description and its
    /// source's distributions. A dataset serving a version keeps serving it; a withdrawn one stays withdrawn.
    /// </summary>
    public void PublishRecordOnly(DateTimeOffset at)
    {
        if (CurrentVersionId is not null || Status == DatasetStatus.Withdrawn) return;
        Status = DatasetStatus.Published;
        RecordOnly = true;
        Issued ??= at;
        Modified ??= at;
    }

    /// <summary>Everything the publisher describes about the dataset, as one value.</summary>
    public DatasetDescription CurrentDescription() => new()
    {
        Title = Title, TitleEn = TitleEn, Description = Description, DescriptionEn = DescriptionEn,
        Keywords = [.. Keywords], KeywordsEn = [.. KeywordsEn], Themes = [.. Themes], License = License, AccessRights = AccessRights,
        Contact = ContactEmail is null && ContactName is null && ContactPhone is null && ContactStreet is null && ContactPostalCode is null && ContactLocality is null
            ? null
            : new DatasetContact(ContactName, ContactEmail, ContactPhone,
                ContactStreet is null && ContactPostalCode is null && ContactLocality is null ? null : new PostalAddress(ContactStreet, ContactPostalCode, ContactLocality)),
        Temporal = TemporalStart is null && TemporalEnd is null ? null : new TemporalCoverage(TemporalStart, TemporalEnd),
        Spatial = [.. Spatial], ConformsTo = [.. ConformsTo], Documentation = [.. Documentation], LandingPage = LandingPage,
        UpdateFrequency = UpdateFrequency, IsHighValue = IsHighValue, HvdCategories = [.. HvdCategories],
        SustainableDevelopmentGoals = [.. SustainableDevelopmentGoals], OriginalIri = OriginalIri, Identifier = Identifier,
        OriginalPublisher = OriginalPublisherName is null || OriginalPublisherIri is null || OriginalPublisherType is null
            ? null : new OriginalPublisher(OriginalPublisherName, OriginalPublisherIri, OriginalPublisherType),
        SeriesIri = SeriesIri, OtherLanguages = [.. OtherLanguages],
    };

    /// <summary>
    /// Replaces the dataset's description with <paramref name="description"/> (checked by the metadata rules
    /// where it entered). Guards what would make the record incoherent: a title, and HVD categories for a
    /// high-value dataset.
    /// </summary>
    public void Describe(DatasetDescription description, DateTimeOffset at)
    {
        Apply(description);
        MetadataModified = at;
    }

    private void Apply(DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (string.IsNullOrWhiteSpace(description.Title)) throw new ArgumentException($"Dataset {Slug} needs a title.");
        if (description.IsHighValue && description.HvdCategories.Count == 0)
            throw new ArgumentException($"The high-value dataset {Slug} needs at least one HVD category.");
        Title = description.Title.Trim();
        TitleEn = Blank(description.TitleEn);
        Description = description.Description.Trim();
        DescriptionEn = Blank(description.DescriptionEn);
        Keywords = Distinct(description.Keywords);
        KeywordsEn = Distinct(description.KeywordsEn);
        Themes = Distinct(description.Themes);
        License = description.License;
        AccessRights = description.AccessRights;
        ContactName = Blank(description.Contact?.Name);
        ContactEmail = Blank(description.Contact?.Email);
        ContactPhone = Blank(description.Contact?.Phone);
        ContactStreet = Blank(description.Contact?.Address?.Street);
        ContactPostalCode = Blank(description.Contact?.Address?.PostalCode);
        ContactLocality = Blank(description.Contact?.Address?.Locality);
        TemporalStart = description.Temporal?.Start;
        TemporalEnd = description.Temporal?.End;
        Spatial = Distinct(description.Spatial);
        ConformsTo = Distinct(description.ConformsTo);
        Documentation = Distinct(description.Documentation);
        LandingPage = Blank(description.LandingPage);
        UpdateFrequency = Blank(description.UpdateFrequency)?.ToUpperInvariant();
        IsHighValue = description.IsHighValue;
        HvdCategories = description.IsHighValue ? Distinct(description.HvdCategories) : [];
        SustainableDevelopmentGoals = description.SustainableDevelopmentGoals.Distinct().Order().ToList();
        OriginalIri = Blank(description.OriginalIri);
        Identifier = Blank(description.Identifier);
        OriginalPublisherName = Blank(description.OriginalPublisher?.Name);
        OriginalPublisherIri = Blank(description.OriginalPublisher?.Iri);
        OriginalPublisherType = Blank(description.OriginalPublisher?.Type);
        SeriesIri = Blank(description.SeriesIri);
        // One entry per tag (compared case-insensitively, as BCP 47 does); Swedish and English have their own fields.
        OtherLanguages = description.OtherLanguages
            .Where(t => !string.IsNullOrWhiteSpace(t.Language) && ((Blank(t.Title) ?? Blank(t.Description)) is not null || t.Keywords is { Count: > 0 }))
            .GroupBy(t => t.Language.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => new LanguageText(g.Key, Blank(g.First().Title), Blank(g.First().Description), Distinct(g.SelectMany(t => t.Keywords ?? []))))
            .ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The dataset's data follows this specification (from its latest load).</summary>
    public void FollowSpecification(string id, string? version)
    {
        SpecificationId = id;
        SpecificationVersion = version;
    }
}

public static class Licenses
{
    public const string Cc0 = "http://creativecommons.org/publicdomain/zero/1.0/";
    public const string CcBy40 = "http://creativecommons.org/licenses/by/4.0/";
}
