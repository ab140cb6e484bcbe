using SmartMiljo.OpenData.Rdf.Metadata;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// Reads one dcat:Dataset of a harvested graph into a <see cref="CatalogueRecord"/>: every DCAT-AP-SE property
/// our catalogue keeps, and a note for each one it does not (other languages, provenance, a bounding box
/// instead of a place IRI, …), so nothing is dropped silently.
/// </summary>
public static class DcatRecordReader
{
    private static readonly Iri AdmsContactPoint = Iri.Create(Vocab.Adms.Namespace + "contactPoint");
    private static readonly Iri SchemaStartDate = Iri.Create("http://schema.org/startDate");
    private static readonly Iri SchemaEndDate = Iri.Create("http://schema.org/endDate");
    private const string FrequencyNamespace = DcatVocabularies.EuAuthority + "frequency/";
    private const string AccessRightNamespace = DcatVocabularies.EuAuthority + "access-right/";

    /// <summary>The dataset properties read into the record; any other property on the dataset gets a note.</summary>
    private static readonly HashSet<Iri> Kept =
    [
        Vocab.Rdf.Type, Vocab.Dct.Title, Vocab.Dct.Description, Vocab.Dcat.Keyword, Vocab.Dcat.Theme, Vocab.Dct.License, Vocab.Dct.AccessRights,
        Vocab.Dcat.ContactPoint, AdmsContactPoint, Vocab.Dct.Temporal, Vocab.Dct.Spatial, Vocab.Dct.ConformsTo, Vocab.Foaf.Page,
        Vocab.Dcat.LandingPage, Vocab.Dct.AccrualPeriodicity, Vocab.DcatAp.ApplicableLegislation, Vocab.DcatAp.HvdCategory, Vocab.Dct.Subject,
        Vocab.Dct.Issued, Vocab.Dct.Modified, Vocab.Dct.Identifier, Vocab.Dct.Publisher, Vocab.Dcat.InSeries, Vocab.Dcat.DistributionProperty,
    ];

    /// <summary>The record's identity: its IRI; for a blank node its dct:identifier, else a digest of the
    /// source's address and the record's titles and distribution addresses (stable while those stay).</summary>
    public static string Key(RdfGraph graph, RdfResource dataset, string sourceLocation)
    {
        if (dataset is Iri iri) return iri.Value;
        if (Literals(graph, dataset, Vocab.Dct.Identifier).FirstOrDefault() is { } identifier) return identifier.Lexical.Trim();
        var content = new StringBuilder(sourceLocation).Append('\n');
        foreach (var title in Literals(graph, dataset, Vocab.Dct.Title).Select(l => $"{l.Language}:{l.Lexical.Trim()}").Order(StringComparer.Ordinal))
            content.Append(title).Append('\n');
        foreach (var url in graph.Objects(dataset, Vocab.Dcat.DistributionProperty).OfType<RdfResource>()
                     .SelectMany(d => graph.Objects(d, Vocab.Dcat.AccessUrl).Concat(graph.Objects(d, Vocab.Dcat.DownloadUrl)))
                     .OfType<Iri>().Select(i => i.Value).Order(StringComparer.Ordinal))
            content.Append(url).Append('\n');
        return "urn:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())));
    }

    public static CatalogueRecord Read(RdfGraph graph, RdfResource dataset, out (string Url, SourceKind Kind)? loadable)
    {
        var notes = new List<string>();
        loadable = null;
        string? license = (graph.Object(dataset, Vocab.Dct.License) as Iri)?.Value;
        var distributions = new List<SourceDistribution>();
        foreach (var distribution in graph.Objects(dataset, Vocab.Dcat.DistributionProperty).OfType<RdfResource>())
        {
            var distributionLicense = (graph.Object(distribution, Vocab.Dct.License) as Iri)?.Value;
            license ??= distributionLicense;
            var download = graph.Object(distribution, Vocab.Dcat.DownloadUrl) as Iri;
            var access = graph.Object(distribution, Vocab.Dcat.AccessUrl) as Iri;
            var url = download ?? access;
            if (url is null) { notes.Add("A distribution has no downloadURL or accessURL; it is left out."); continue; }
            distributions.Add(new SourceDistribution
            {
                Iri = (distribution as Iri)?.Value, AccessUrl = (access ?? download)!.Value, DownloadUrl = download?.Value,
                Format = Term(graph.Object(distribution, Vocab.Dct.Format)), MediaType = Term(graph.Object(distribution, Vocab.Dcat.MediaType)),
                Title = Text(graph, distribution, Vocab.Dct.Title, "sv"), TitleEn = English(graph, distribution, Vocab.Dct.Title),
                License = distributionLicense,
            });
            var format = FormatOf(graph, distribution, url.Value);
            if (format is { } kind) loadable ??= (url.Value, kind);
            else notes.Add($"The distribution {url.Value} is in a format the harvester does not load ({Label(graph, distribution) ?? "unknown format"}); it is published as a link to the source.");
        }

        if (license is null) notes.Add("The record gives no licence, on the dataset or its distributions; CC0 is shown until the source gives one.");
        var title = Text(graph, dataset, Vocab.Dct.Title, "sv");
        var titleEn = English(graph, dataset, Vocab.Dct.Title);
        if (title is null && titleEn is not null) notes.Add("The record has no Swedish title; its English title is shown in its place.");
        else if (title is null) notes.Add("The record has no title; its identifier is used.");
        var otherLanguages = OtherLanguages(graph, dataset, notes);
        var (keywords, keywordsEn) = Keywords(graph, dataset);
        var (contact, contactNote) = Contact(graph, dataset);
        if (contactNote is not null) notes.Add(contactNote);
        var (publisherName, publisherIri, publisherType) = Publisher(graph, dataset, notes);
        var (start, end) = Temporal(graph, dataset, notes);
        var spatial = new List<string>();
        foreach (var place in graph.Objects(dataset, Vocab.Dct.Spatial))
        {
            if (place is Iri placeIri) spatial.Add(placeIri.Value);
            else notes.Add("A dct:spatial given as a geometry or bounding box, not a place IRI, is not kept (only place IRIs such as GeoNames are).");
        }
        var landingPages = Iris(graph, dataset, Vocab.Dcat.LandingPage);
        if (landingPages.Count > 1) notes.Add($"Only the first of {landingPages.Count} landing pages is kept.");
        var identifiers = Literals(graph, dataset, Vocab.Dct.Identifier).Select(l => l.Lexical.Trim()).ToList();
        if (identifiers.Count > 1) notes.Add($"Only the first of {identifiers.Count} identifiers is kept.");
        var series = Iris(graph, dataset, Vocab.Dcat.InSeries);
        if (series.Count > 1) notes.Add($"Only the first of {series.Count} dataset series is kept.");
        foreach (var other in graph.WithSubject(dataset).Select(t => t.Predicate).Where(p => !Kept.Contains(p)).Distinct())
            notes.Add($"{Short(other.Value)} is not kept.");

        return CatalogueRecordRules.Apply(new CatalogueRecord(new DatasetMetadata
        {
            Title = title ?? titleEn ?? (dataset as Iri)?.Value ?? CatalogueRecordRules.UntitledSv,
            Description = Text(graph, dataset, Vocab.Dct.Description, "sv"),
            TitleEn = titleEn,
            DescriptionEn = English(graph, dataset, Vocab.Dct.Description),
            Keywords = keywords,
            KeywordsEn = keywordsEn,
            // Every theme is passed on: the rules keep the EU data themes and note the others.
            Themes = graph.Objects(dataset, Vocab.Dcat.Theme).Select(t => t switch { Iri i => i.Value, Literal l => l.Lexical, _ => "" })
                .Where(t => t.Length > 0).Distinct().ToList(),
            License = license,
            AccessRights = Code(graph, dataset, Vocab.Dct.AccessRights, AccessRightNamespace, "access rights", notes),
            ContactName = contact.Name, ContactEmail = contact.Email, ContactPhone = contact.Phone,
            ContactStreet = contact.Street, ContactPostalCode = contact.PostalCode, ContactLocality = contact.Locality,
            TemporalStart = start, TemporalEnd = end,
            Spatial = spatial,
            ConformsTo = Iris(graph, dataset, Vocab.Dct.ConformsTo),
            Documentation = Iris(graph, dataset, Vocab.Foaf.Page),
            LandingPage = landingPages.FirstOrDefault(),
            UpdateFrequency = Code(graph, dataset, Vocab.Dct.AccrualPeriodicity, FrequencyNamespace, "update frequency", notes),
            IsHighValue = Iris(graph, dataset, Vocab.DcatAp.ApplicableLegislation).Contains(DcatVocabularies.HvdLegislation),
            HvdCategories = Iris(graph, dataset, Vocab.DcatAp.HvdCategory),
            SustainableDevelopmentGoals = Iris(graph, dataset, Vocab.Dct.Subject)
                .Where(s => s.StartsWith(DcatVocabularies.SdgNamespace, StringComparison.Ordinal))
                .Select(s => int.TryParse(s[DcatVocabularies.SdgNamespace.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var goal) ? goal : 0)
                .Where(g => g > 0).ToList(),
            Issued = Date(graph, dataset, Vocab.Dct.Issued),
            Modified = Date(graph, dataset, Vocab.Dct.Modified),
            OriginalIri = (dataset as Iri)?.Value,
            Identifier = identifiers.FirstOrDefault(),
            OriginalPublisherName = publisherName, OriginalPublisherIri = publisherIri, OriginalPublisherType = publisherType,
            SeriesIri = series.FirstOrDefault(),
        })
        {
            OtherLanguages = otherLanguages,
            Distributions = distributions,
            Notes = notes,
        });
    }

    private sealed record ContactParts(string? Name, string? Email, string? Phone, string? Street, string? PostalCode, string? Locality);

    /// <summary>dcat:contactPoint or adms:contactPoint: a vCard (name, e-mail, telephone, address), or a bare mailto: IRI.</summary>
    private static (ContactParts, string?) Contact(RdfGraph graph, RdfResource dataset)
    {
        var points = graph.Objects(dataset, Vocab.Dcat.ContactPoint).Concat(graph.Objects(dataset, AdmsContactPoint)).OfType<RdfResource>().ToList();
        if (points.Count == 0) return (new ContactParts(null, null, null, null, null, null), null);
        var point = points[0];
        var note = points.Count > 1 ? $"Only the first of {points.Count} contact points is kept." : null;
        if (point is Iri bare && bare.Value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !graph.WithSubject(point).Any())
            return (new ContactParts(null, Mailto(bare.Value), null, null, null, null), note);
        var email = graph.Object(point, Vocab.Vcard.HasEmail) switch { Iri i => Mailto(i.Value), Literal l => Mailto(l.Lexical), _ => null };
        var phoneTerm = graph.Object(point, Vocab.Vcard.HasTelephone);
        if (phoneTerm is RdfResource phoneNode && graph.Object(phoneNode, Vocab.Vcard.HasValue) is { } value) phoneTerm = value;
        var phone = phoneTerm switch
        {
            Iri i when i.Value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) => i.Value[4..],
            Literal l => l.Lexical.Trim(),
            _ => null,
        };
        string? street = null, postalCode = null, locality = null;
        if (graph.Object(point, Vocab.Vcard.HasAddress) is RdfResource address)
        {
            street = Text(graph, address, Vocab.Vcard.StreetAddress, null);
            postalCode = Text(graph, address, Vocab.Vcard.PostalCode, null);
            locality = Text(graph, address, Vocab.Vcard.Locality, null);
        }
        return (new ContactParts(Text(graph, point, Vocab.Vcard.Fn, "sv"), email, phone, street, postalCode, locality), note);
    }

    private static string Mailto(string value) => (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value).Trim();

    /// <summary>The original publisher: its name, IRI and ADMS type. A blank-node publisher has no IRI to keep.</summary>
    private static (string?, string?, string?) Publisher(RdfGraph graph, RdfResource dataset, List<string> notes)
    {
        if (graph.Object(dataset, Vocab.Dct.Publisher) is not RdfResource publisher) return (null, null, null);
        var name = Text(graph, publisher, Vocab.Foaf.Name, "sv");
        if (publisher is not Iri iri)
        {
            notes.Add($"The publisher{(name is null ? "" : $" '{name}'")} has no IRI; the harvesting organisation is shown as publisher.");
            return (null, null, null);
        }
        if (name is null)
        {
            notes.Add($"The publisher {iri.Value} has no foaf:name; the harvesting organisation is shown as publisher.");
            return (null, null, null);
        }
        var typeIri = (graph.Object(publisher, Vocab.Dct.Type) as Iri)?.Value;
        string? type = null;
        if (typeIri?.StartsWith(Vocab.Adms.PublisherTypeNamespace, StringComparison.Ordinal) == true)
        {
            var code = typeIri[Vocab.Adms.PublisherTypeNamespace.Length..];
            type = Enum.GetValues<AdmsPublisherType>().Select(t => (AdmsPublisherType?)t)
                .FirstOrDefault(t => DcatVocabularies.PublisherTypeIri(t!.Value) == typeIri)?.ToString();
            if (type is null) notes.Add($"The publisher type '{code}' is not an ADMS type; the harvesting organisation's type is used.");
        }
        else notes.Add("The publisher gives no ADMS type (dct:type); the harvesting organisation's type is used.");
        return (name, iri.Value, type);
    }

    private static (DateOnly?, DateOnly?) Temporal(RdfGraph graph, RdfResource dataset, List<string> notes)
    {
        var periods = graph.Objects(dataset, Vocab.Dct.Temporal).OfType<RdfResource>().ToList();
        if (periods.Count == 0) return (null, null);
        if (periods.Count > 1) notes.Add($"Only the first of {periods.Count} time periods is kept.");
        var period = periods[0];
        var start = DateOf(graph.Object(period, Vocab.Dcat.StartDate) ?? graph.Object(period, SchemaStartDate));
        var end = DateOf(graph.Object(period, Vocab.Dcat.EndDate) ?? graph.Object(period, SchemaEndDate));
        if (start is null && end is null) notes.Add("The time period (dct:temporal) has no start or end date this harvester reads; it is not kept.");
        return (start, end);
    }

    private static DateOnly? DateOf(RdfTerm? term) =>
        term is Literal l && l.Lexical.Trim() is { Length: >= 10 } text && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;

    private static DateTimeOffset? Date(RdfGraph graph, RdfResource subject, Iri predicate) =>
        graph.Object(subject, predicate) is Literal l && DateTimeOffset.TryParse(l.Lexical.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value : null;

    /// <summary>Swedish (or untagged) keywords and English ones; other languages are noted.</summary>
    private static (List<string>, List<string>) Keywords(RdfGraph graph, RdfResource dataset)
    {
        var literals = Literals(graph, dataset, Vocab.Dcat.Keyword).ToList();
        List<string> Of(Func<Literal, bool> which) =>
            literals.Where(which).Select(l => l.Lexical.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return (Of(l => l.Language is null || IsLanguage(l.Language, "sv")), Of(l => l.Language is { } tag && IsLanguage(tag, "en")));
    }

    /// <summary>
    /// Titles, descriptions and keywords in languages beyond Swedish and English, and machine translations
    /// (<c>en-t-sv-t0-mtec</c>), kept per language tag as the source gives it.
    /// </summary>
    private static List<LanguageText> OtherLanguages(RdfGraph graph, RdfResource dataset, List<string> notes)
    {
        bool Other(Literal l) => l.Language is { } tag && !IsLanguage(tag, "sv") && !IsLanguage(tag, "en");
        var titles = Literals(graph, dataset, Vocab.Dct.Title).Where(Other).ToList();
        var descriptions = Literals(graph, dataset, Vocab.Dct.Description).Where(Other).ToList();
        var keywords = Literals(graph, dataset, Vocab.Dcat.Keyword).Where(Other).ToList();
        var texts = new List<LanguageText>();
        foreach (var tag in titles.Concat(descriptions).Concat(keywords).Select(l => l.Language!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            bool Tagged(Literal l) => string.Equals(l.Language, tag, StringComparison.OrdinalIgnoreCase);
            var title = titles.Where(Tagged).Select(l => l.Lexical.Trim()).Where(t => t.Length > 0).ToList();
            var description = descriptions.Where(Tagged).Select(l => l.Lexical.Trim()).Where(t => t.Length > 0).ToList();
            if (title.Count > 1 || description.Count > 1) notes.Add($"Only the first title and description in '{tag}' are kept.");
            texts.Add(new LanguageText(tag, title.FirstOrDefault(), description.FirstOrDefault(),
                keywords.Where(Tagged).Select(l => l.Lexical.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        }
        return texts;
    }

    /// <summary>A human language tag of that language: <c>en</c>, <c>en-GB</c>; not a transformed one such as
    /// the machine translation <c>en-t-sv-t0-mtec</c>, which would otherwise pass for English written by a person.</summary>
    private static bool IsLanguage(string tag, string language) =>
        string.Equals(tag, language, StringComparison.OrdinalIgnoreCase)
        || tag.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase) && !tag.Contains("-t-", StringComparison.OrdinalIgnoreCase);

    private static string? English(RdfGraph graph, RdfResource subject, Iri predicate) =>
        Literals(graph, subject, predicate).FirstOrDefault(l => l.Language is { } tag && IsLanguage(tag, "en"))?.Lexical.Trim();

    /// <summary>A literal in the wanted language (exact tag, then a regional variant), else an untagged one.</summary>
    private static string? Text(RdfGraph graph, RdfResource subject, Iri predicate, string? language)
    {
        var literals = Literals(graph, subject, predicate).ToList();
        if (language is null) return literals.FirstOrDefault()?.Lexical.Trim();
        var chosen = literals.FirstOrDefault(l => string.Equals(l.Language, language, StringComparison.OrdinalIgnoreCase))
            ?? literals.FirstOrDefault(l => l.Language is { } tag && IsLanguage(tag, language))
            ?? literals.FirstOrDefault(l => l.Language is null);
        return chosen?.Lexical.Trim() is { Length: > 0 } text ? text : null;
    }

    private static IEnumerable<Literal> Literals(RdfGraph graph, RdfResource subject, Iri predicate) => graph.Objects(subject, predicate).OfType<Literal>();

    private static List<string> Iris(RdfGraph graph, RdfResource subject, Iri predicate) =>
        graph.Objects(subject, predicate).OfType<Iri>().Select(i => i.Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A code of an EU table given as its IRI (or the bare code); another value is noted and left out.</summary>
    private static string? Code(RdfGraph graph, RdfResource subject, Iri predicate, string tableNamespace, string what, List<string> notes)
    {
        var value = Term(graph.Object(subject, predicate));
        if (value is null) return null;
        if (value.StartsWith(tableNamespace, StringComparison.Ordinal)) return value[tableNamespace.Length..];
        if (!value.Contains('/')) return value.Trim().ToUpperInvariant();
        notes.Add($"The {what} '{value}' is not of the EU's table ({tableNamespace}); it is not kept.");
        return null;
    }

    private static string? Term(RdfTerm? term) => term switch { Iri i => i.Value, Literal l when l.Lexical.Trim().Length > 0 => l.Lexical.Trim(), _ => null };

    private static string Short(string iri)
    {
        foreach (var (prefix, ns) in new[] { ("dct:", Vocab.Dct.Namespace), ("dcat:", Vocab.Dcat.Namespace), ("prov:", "http://www.w3.org/ns/prov#"),
                     ("adms:", Vocab.Adms.Namespace), ("foaf:", Vocab.Foaf.Namespace), ("dcatap:", Vocab.DcatAp.Namespace) })
            if (iri.StartsWith(ns, StringComparison.Ordinal)) return prefix + iri[ns.Length..];
        return iri;
    }

    /// <summary>The format from dct:format, dcat:mediaType or, failing both, the URL's extension.</summary>
    private static SourceKind? FormatOf(RdfGraph graph, RdfResource distribution, string? url)
    {
        var hints = new[] { graph.Object(distribution, Vocab.Dct.Format), graph.Object(distribution, Vocab.Dcat.MediaType) }
            .Select(term => term switch { Iri i => i.Value, Literal l => l.Lexical, _ => null })
            .Where(h => h is not null).Select(h => h!.ToLowerInvariant()).ToList();
        if (url is not null) hints.Add(Path.GetExtension(new Uri(url, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(url).AbsolutePath : url).ToLowerInvariant());
        foreach (var hint in hints)
        {
            if (hint.EndsWith("geojson") || hint.Contains("geo+json")) return SourceKind.GeoJson;
            if (hint.EndsWith("/csv") || hint.EndsWith(".csv") || hint == "csv" || hint.EndsWith("text/csv") || hint.EndsWith("tab-separated-values")) return SourceKind.Csv;
            if (hint.EndsWith("xlsx") || hint.Contains("spreadsheetml")) return SourceKind.Xlsx;
        }
        return null;
    }

    private static string? Label(RdfGraph graph, RdfResource distribution) =>
        graph.Object(distribution, Vocab.Dct.Format) switch { Iri i => i.Value[(i.Value.LastIndexOf('/') + 1)..], Literal l => l.Lexical, _ => null }
        ?? (graph.Object(distribution, Vocab.Dcat.MediaType) as Iri)?.Value;
}
