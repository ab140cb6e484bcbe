using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// DCAT catalogues (RDF/XML, Turtle, JSON-LD): every dcat:Dataset becomes an item keyed by its IRI (or
/// dct:identifier for a blank node). Sub-catalogues linked with dct:hasPart and Hydra pages
/// (hydra:next/nextPage) are followed. A record's first distribution in a loadable format (CSV, GeoJSON,
/// XLSX) becomes its data.
/// </summary>
public sealed class DcatCatalogueAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : ISourceAdapter
{
    private const string Hydra = "http://www.w3.org/ns/hydra/core#";
    private static readonly Iri HydraNext = Iri.Create(Hydra + "next");
    private static readonly Iri HydraNextPage = Iri.Create(Hydra + "nextPage");

    public bool CreatesDatasets => true;

    public SourceKind Kind => SourceKind.Dcat;

    public async Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        var graph = await LoadCatalogueAsync(source.Location, cancellationToken);
        var items = new List<SourceItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var datasets = graph.InstancesOf(Vocab.Dcat.Dataset)
            .Concat(graph.WithPredicate(Vocab.Dcat.DatasetProperty).Select(t => t.Object).OfType<RdfResource>())
            .Distinct();
        foreach (var dataset in datasets)
        {
            var key = dataset is Iri iri ? iri.Value : Text(graph, dataset, Vocab.Dct.Identifier, null);
            if (key is null || !keys.Add(key)) continue; // a blank node without identifier has no stable identity
            var record = ReadRecord(graph, dataset, out var distribution);
            items.Add(distribution is { } d && settings.HarvestData
                ? new SourceItem(key, d.Url) { DataKind = d.Kind, Record = record }
                : new SourceItem(key, key) { HasData = false, Record = record });
        }
        return items;
    }

    /// <summary>Fetches the catalogue document, its Hydra pages and linked sub-catalogues into one graph.</summary>
    private async Task<RdfGraph> LoadCatalogueAsync(string location, CancellationToken cancellationToken)
    {
        var graph = new RdfGraph();
        var queue = new Queue<string>([location]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        using var work = new WorkFiles(options.Value.WorkDirectory);
        while (queue.TryDequeue(out var next))
        {
            if (!visited.Add(next)) continue;
            if (visited.Count > options.Value.MaxPages)
                throw new FetchException($"The catalogue spans more than {options.Value.MaxPages:N0} documents (Harvesting:MaxPages); the harvest stopped.");
            var path = work.New(".rdf");
            var fetched = await fetcher.FetchAsync(next, null, null, path, cancellationToken);
            ContentChecks.RejectWebPage(fetched, next);
            var format = DetectFormat(fetched, path, next);
            var before = graph.Count;
            try
            {
                await using var stream = File.OpenRead(path);
                RdfParser.Parse(stream, format, t => graph.Add(t), BaseIri(next), graph.Namespaces);
            }
            catch (RdfException ex)
            {
                throw new CatalogueFormatException($"{next} is not readable {format} RDF: {ex.Message}");
            }
            catch (System.Xml.XmlException ex)
            {
                throw new CatalogueFormatException($"{next} is not well-formed RDF/XML: {ex.Message}");
            }
            foreach (var link in Links(graph, next, before)) queue.Enqueue(link);
        }
        return graph;
    }

    private static string? BaseIri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : new Uri(Path.GetFullPath(location)).AbsoluteUri;

    /// <summary>Next pages, and sub-catalogues whose datasets are not in the graph yet.</summary>
    private static IEnumerable<string> Links(RdfGraph graph, string document, int countBefore)
    {
        foreach (var t in graph.Triples.Skip(countBefore))
        {
            if ((t.Predicate.Equals(HydraNext) || t.Predicate.Equals(HydraNextPage)) && t.Object is Iri page) yield return page.Value;
            if (t.Predicate.Equals(Vocab.Dct.HasPart) && t.Object is Iri part && !graph.Objects(part, Vocab.Dcat.DatasetProperty).Any()
                && !string.Equals(part.Value, document, StringComparison.Ordinal))
                yield return part.Value;
        }
    }

    private static RdfSerialization DetectFormat(FetchResult fetched, string path, string location)
    {
        if (RdfSerializations.TryFromMediaType(fetched.ContentType, out var byType) && byType != RdfSerialization.NTriples) return byType;
        Span<byte> head = stackalloc byte[256];
        int read;
        using (var file = File.OpenRead(path)) read = file.Read(head);
        if (RdfParser.Sniff(head[..read]) is { } sniffed) return sniffed;
        if (RdfSerializations.TryFromExtension(Path.GetExtension(location), out var byExtension)) return byExtension;
        throw new CatalogueFormatException($"{location} is not RDF the harvester recognises (RDF/XML, Turtle or JSON-LD).");
    }

    private sealed record LoadableDistribution(string Url, SourceKind Kind);

    private static CatalogueRecord ReadRecord(RdfGraph graph, RdfResource dataset, out LoadableDistribution? loadable)
    {
        var notes = new List<string>();
        loadable = null;
        string? license = (graph.Object(dataset, Vocab.Dct.License) as Iri)?.Value;
        foreach (var distribution in graph.Objects(dataset, Vocab.Dcat.DistributionProperty).OfType<RdfResource>())
        {
            license ??= (graph.Object(distribution, Vocab.Dct.License) as Iri)?.Value;
            var url = (graph.Object(distribution, Vocab.Dcat.DownloadUrl) ?? graph.Object(distribution, Vocab.Dcat.AccessUrl)) as Iri;
            var format = FormatOf(graph, distribution, url?.Value);
            if (url is null) { notes.Add("A distribution has no downloadURL or accessURL."); continue; }
            if (format is { } kind) loadable ??= new LoadableDistribution(url.Value, kind);
            else notes.Add($"The distribution {url.Value} is in a format the harvester does not load ({Label(graph, distribution) ?? "unknown format"}).");
        }
        var title = Text(graph, dataset, Vocab.Dct.Title, "sv");
        if (title is null) notes.Add("The record has no title; its identifier is used.");
        return CatalogueRecordRules.Apply(new CatalogueRecord(title ?? (dataset as Iri)?.Value ?? CatalogueRecordRules.UntitledSv, Text(graph, dataset, Vocab.Dct.Description, "sv"))
        {
            TitleEn = Text(graph, dataset, Vocab.Dct.Title, "en", exact: true),
            DescriptionEn = Text(graph, dataset, Vocab.Dct.Description, "en", exact: true),
            Keywords = graph.Objects(dataset, Vocab.Dcat.Keyword).OfType<Literal>()
                .Where(l => l.Language is null || l.Language.StartsWith("sv", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Lexical.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            // Every theme is passed on: the rules keep the EU data themes and note the others.
            Themes = graph.Objects(dataset, Vocab.Dcat.Theme).Select(t => t switch { Iri i => i.Value, Literal l => l.Lexical, _ => "" })
                .Where(t => t.Length > 0).Distinct().ToList(),
            License = license,
            ContactEmail = ContactEmail(graph, dataset),
            Modified = graph.Object(dataset, Vocab.Dct.Modified) is Literal m && DateTimeOffset.TryParse(m.Lexical, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null,
            Notes = notes,
        });
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

    /// <summary>A literal in the wanted language: exact tag, then a tag starting with it (e.g. machine
    /// translations "en-t-sv-t0-mtec"), then (unless exact) an untagged one.</summary>
    private static string? Text(RdfGraph graph, RdfResource subject, Iri predicate, string? language, bool exact = false)
    {
        var literals = graph.Objects(subject, predicate).OfType<Literal>().ToList();
        if (language is null) return literals.FirstOrDefault()?.Lexical.Trim();
        var chosen = literals.FirstOrDefault(l => string.Equals(l.Language, language, StringComparison.OrdinalIgnoreCase))
            ?? literals.FirstOrDefault(l => l.Language?.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase) == true)
            ?? (exact ? null : literals.FirstOrDefault(l => l.Language is null));
        return chosen?.Lexical.Trim();
    }

    private static string? ContactEmail(RdfGraph graph, RdfResource dataset)
    {
        foreach (var contact in graph.Objects(dataset, Vocab.Dcat.ContactPoint).OfType<RdfResource>())
        {
            var email = graph.Object(contact, Vocab.Vcard.HasEmail) switch { Iri i => i.Value, Literal l => l.Lexical, _ => null };
            if (email is not null) return email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? email[7..] : email;
        }
        return null;
    }
}

public sealed class CatalogueFormatException(string message) : Exception(message);
