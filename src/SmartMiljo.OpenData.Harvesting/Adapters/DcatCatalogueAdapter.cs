using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// DCAT catalogues (RDF/XML, Turtle, JSON-LD, N-Triples): every dcat:Dataset becomes an item keyed by its IRI
/// (for a blank node its dct:identifier, else a digest of the source and its content; see
/// <see cref="DcatRecordReader.Key"/>). Sub-catalogues linked with dct:hasPart and Hydra pages (hydra:next of
/// a PartialCollectionView, hydra:nextPage of the older PagedCollection, as an IRI or, as ckanext-dcat writes
/// it, a literal) are followed. A record's first distribution in a loadable format (CSV, GeoJSON, XLSX)
/// becomes its data; every record is kept whether or not it has one.
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
            var key = DcatRecordReader.Key(graph, dataset, source.Location);
            if (!keys.Add(key)) continue;
            var record = DcatRecordReader.Read(graph, dataset, out var distribution);
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
            if (t.Predicate.Equals(HydraNext) || t.Predicate.Equals(HydraNextPage))
            {
                // ckanext-dcat writes the next page as a plain literal; resolved against the page it is on.
                var page = t.Object switch { Iri i => i.Value, Literal l => l.Lexical.Trim(), _ => null };
                if (page is not null && Uri.TryCreate(new Uri(BaseIri(document)!), page, out var absolute) && absolute.Scheme is "http" or "https" or "file")
                    yield return absolute.AbsoluteUri;
            }
            if (t.Predicate.Equals(Vocab.Dct.HasPart) && t.Object is Iri part && !graph.Objects(part, Vocab.Dcat.DatasetProperty).Any()
                && !string.Equals(part.Value, document, StringComparison.Ordinal))
                yield return part.Value;
        }
    }

    private static RdfSerialization DetectFormat(FetchResult fetched, string path, string location)
    {
        // text/plain says nothing; application/n-triples does.
        if (RdfSerializations.TryFromMediaType(fetched.ContentType, out var byType)
            && (byType != RdfSerialization.NTriples || fetched.ContentType?.Contains("n-triples", StringComparison.OrdinalIgnoreCase) == true)) return byType;
        Span<byte> head = stackalloc byte[256];
        int read;
        using (var file = File.OpenRead(path)) read = file.Read(head);
        if (RdfParser.Sniff(head[..read]) is { } sniffed) return sniffed;
        if (RdfSerializations.TryFromExtension(Path.GetExtension(location), out var byExtension)) return byExtension;
        throw new CatalogueFormatException($"{location} is not RDF the harvester recognises (RDF/XML, Turtle, JSON-LD or N-Triples).");
    }
}

public sealed class CatalogueFormatException(string message) : Exception(message);
