using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// One harvestable item of a source (a file, a layer, a catalogue record). <see cref="Key"/> is its stable
/// identity at the source (dataset IRI, CKAN id, URL): the same key always feeds the same dataset.
/// </summary>
public sealed record SourceItem(string Key, string Location)
{
    /// <summary>How the item's data is read; null means the source's own kind.</summary>
    public SourceKind? DataKind { get; init; }

    /// <summary>False for a catalogue record without a distribution this instance can load.</summary>
    public bool HasData { get; init; } = true;

    /// <summary>Metadata brought by a catalogue (DCAT, CKAN); null for plain data sources.</summary>
    public CatalogueRecord? Record { get; init; }
}

/// <summary>
/// A catalogue's description of a dataset, as far as our catalogue keeps it (DCAT-AP-SE's properties; see
/// the README's "Harvesting other catalogues" for what is kept and what is only noted). Values that break
/// the metadata rules are dropped by <see cref="CatalogueRecordRules"/>, each with a note.
/// </summary>
public sealed record CatalogueRecord(string Title, string? Description)
{
    public string? TitleEn { get; init; }
    public string? DescriptionEn { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public IReadOnlyList<string> KeywordsEn { get; init; } = [];

    /// <summary>EU data-theme codes, e.g. ENVI.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? License { get; init; }

    /// <summary>PUBLIC, RESTRICTED or NON_PUBLIC.</summary>
    public string? AccessRights { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactStreet { get; init; }
    public string? ContactPostalCode { get; init; }
    public string? ContactLocality { get; init; }
    public DateOnly? TemporalStart { get; init; }
    public DateOnly? TemporalEnd { get; init; }
    public IReadOnlyList<string> Spatial { get; init; } = [];
    public IReadOnlyList<string> ConformsTo { get; init; } = [];
    public IReadOnlyList<string> Documentation { get; init; } = [];
    public string? LandingPage { get; init; }

    /// <summary>EU frequency code (ANNUAL, IRREG, …).</summary>
    public string? UpdateFrequency { get; init; }
    public bool IsHighValue { get; init; }
    public IReadOnlyList<string> HvdCategories { get; init; } = [];
    public IReadOnlyList<int> SustainableDevelopmentGoals { get; init; } = [];
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The dataset's IRI at the source (null for a blank node): the record's identity in every feed.</summary>
    public string? OriginalIri { get; init; }
    public string? Identifier { get; init; }
    public string? PublisherName { get; init; }
    public string? PublisherIri { get; init; }

    /// <summary>ADMS publisher type name (LocalAuthority, …); null when the source gives none.</summary>
    public string? PublisherType { get; init; }
    public string? SeriesIri { get; init; }

    /// <summary>Titles, descriptions and keywords in other languages and machine translations, per language tag.</summary>
    public IReadOnlyList<LanguageText> OtherLanguages { get; init; } = [];

    /// <summary>The record's distributions as the source points to them.</summary>
    public IReadOnlyList<SourceDistribution> Distributions { get; init; } = [];

    /// <summary>What could not be taken over, in plain words (unsupported formats, missing fields).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The record as our dataset's description. What the source does not say keeps the dataset's
    /// own value only where the catalogue needs one (the licence); the publisher's type defaults to the
    /// harvesting organisation's when the source gives none.</summary>
    public DatasetDescription ToDescription(Dataset current, string organisationPublisherType) => new()
    {
        Title = Title, TitleEn = TitleEn, Description = Description ?? Title, DescriptionEn = DescriptionEn,
        Keywords = Keywords, KeywordsEn = KeywordsEn, Themes = Themes,
        License = License ?? current.License, AccessRights = AccessRights ?? "PUBLIC",
        Contact = ContactName is null && ContactEmail is null && ContactPhone is null && ContactStreet is null && ContactPostalCode is null && ContactLocality is null
            ? null
            : new DatasetContact(ContactName, ContactEmail, ContactPhone,
                ContactStreet is null && ContactPostalCode is null && ContactLocality is null ? null : new PostalAddress(ContactStreet, ContactPostalCode, ContactLocality)),
        Temporal = TemporalStart is null && TemporalEnd is null ? null : new TemporalCoverage(TemporalStart, TemporalEnd),
        Spatial = Spatial, ConformsTo = ConformsTo, Documentation = Documentation, LandingPage = LandingPage, UpdateFrequency = UpdateFrequency,
        IsHighValue = IsHighValue && HvdCategories.Count > 0, HvdCategories = HvdCategories, SustainableDevelopmentGoals = SustainableDevelopmentGoals,
        OriginalIri = OriginalIri, Identifier = Identifier,
        OriginalPublisher = PublisherName is null || PublisherIri is null ? null : new OriginalPublisher(PublisherName, PublisherIri, PublisherType ?? organisationPublisherType),
        SeriesIri = SeriesIri, OtherLanguages = OtherLanguages,
    };
}

/// <summary>Validators send a conditional request only when they have something to compare with.</summary>
public sealed record FetchConditions(string? ETag, string? LastModified)
{
    public static readonly FetchConditions None = new(null, null);
}

/// <summary>Knows one kind of source well enough to list its items (the gather stage).</summary>
public interface ISourceAdapter
{
    SourceKind Kind { get; }

    /// <summary>True for catalogues, whose every record becomes a dataset of its own; false when the
    /// source's item feeds the dataset made when the source was registered.</summary>
    bool CreatesDatasets => false;

    Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken);
}

/// <summary>Copies one item's data locally (fetch) and reads it as a table (validate/stage read from it).</summary>
public interface IItemReader
{
    SourceKind Kind { get; }

    Task<FetchResult> FetchAsync(SourceItem item, HarvestSource source, FetchConditions conditions, string destinationPath, CancellationToken cancellationToken);

    Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken);
}

/// <summary>Sources that are one file at a URL or path: one item, keyed by the location.</summary>
public abstract class SingleFileSourceAdapter(SourceFetcher fetcher) : ISourceAdapter, IItemReader
{
    public abstract SourceKind Kind { get; }

    public virtual Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceItem>>([new SourceItem(source.Location, source.Location)]);

    public virtual async Task<FetchResult> FetchAsync(SourceItem item, HarvestSource source, FetchConditions conditions, string destinationPath, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(item.Location, conditions.ETag, conditions.LastModified, destinationPath, cancellationToken);
        if (!fetched.NotModified) ContentChecks.RejectWebPage(fetched, item.Location);
        return fetched;
    }

    public abstract Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken);
}

internal static class ContentChecks
{
    /// <summary>A login or error page served with status 200 instead of the data is a common municipal
    /// server fault; saying so beats a baffling parse error.</summary>
    public static void RejectWebPage(FetchResult fetched, string location)
    {
        if (fetched.LocalPath is null) return;
        Span<byte> head = stackalloc byte[512];
        int read;
        using (var file = File.OpenRead(fetched.LocalPath)) read = file.Read(head);
        var text = System.Text.Encoding.UTF8.GetString(head[..read]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (text.StartsWith("<!doctype html") || text.StartsWith("<html"))
            throw new FetchException($"{location} returned a web page ({fetched.ContentType ?? "HTML"}) instead of data; check the address, or whether the server needs a login.");
    }
}
