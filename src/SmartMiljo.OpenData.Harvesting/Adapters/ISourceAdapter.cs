using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf.Metadata;

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
/// the README's "Harvesting other catalogues" for what is kept and what is only noted): the metadata in the
/// shape every door hands the metadata rules (<see cref="DatasetMetadata"/>), with what only a harvested
/// record has beside it. Values that break the rules are dropped by <see cref="CatalogueRecordRules"/>,
/// each with a note.
/// </summary>
public sealed record CatalogueRecord(DatasetMetadata Metadata)
{
    /// <summary>The title; a record without one is named <see cref="CatalogueRecordRules.UntitledSv"/>.</summary>
    public string Title => string.IsNullOrWhiteSpace(Metadata.Title) ? CatalogueRecordRules.UntitledSv : Metadata.Title;

    /// <summary>Titles, descriptions and keywords in other languages and machine translations, per language tag.</summary>
    public IReadOnlyList<LanguageText> OtherLanguages { get; init; } = [];

    /// <summary>The record's distributions as the source points to them.</summary>
    public IReadOnlyList<SourceDistribution> Distributions { get; init; } = [];

    /// <summary>What could not be taken over, in plain words (unsupported formats, missing fields).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The record as our dataset's description. What the source does not say keeps the dataset's
    /// own value only where the catalogue needs one (the licence); the publisher's type defaults to the
    /// harvesting organisation's when the source gives none.</summary>
    public DatasetDescription ToDescription(Dataset current, string organisationPublisherType)
    {
        var m = Metadata;
        var hasAddress = m.ContactStreet is not null || m.ContactPostalCode is not null || m.ContactLocality is not null;
        return new DatasetDescription
        {
            Title = Title, TitleEn = m.TitleEn, Description = m.Description ?? Title, DescriptionEn = m.DescriptionEn,
            Keywords = m.Keywords, KeywordsEn = m.KeywordsEn, Themes = m.Themes,
            License = m.License ?? current.License, AccessRights = m.AccessRights ?? "PUBLIC",
            Contact = m.ContactName is null && m.ContactEmail is null && m.ContactPhone is null && !hasAddress
                ? null
                : new DatasetContact(m.ContactName, m.ContactEmail, m.ContactPhone, hasAddress ? new PostalAddress(m.ContactStreet, m.ContactPostalCode, m.ContactLocality) : null),
            Temporal = m.TemporalStart is null && m.TemporalEnd is null ? null : new TemporalCoverage(m.TemporalStart, m.TemporalEnd),
            Spatial = m.Spatial, ConformsTo = m.ConformsTo, Documentation = m.Documentation, LandingPage = m.LandingPage, UpdateFrequency = m.UpdateFrequency,
            IsHighValue = m.IsHighValue && m.HvdCategories.Count > 0, HvdCategories = m.HvdCategories, SustainableDevelopmentGoals = m.SustainableDevelopmentGoals,
            OriginalIri = m.OriginalIri, Identifier = m.Identifier,
            OriginalPublisher = m.OriginalPublisherName is null || m.OriginalPublisherIri is null
                ? null : new OriginalPublisher(m.OriginalPublisherName, m.OriginalPublisherIri, m.OriginalPublisherType ?? organisationPublisherType),
            SeriesIri = m.SeriesIri, OtherLanguages = OtherLanguages,
        };
    }
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
