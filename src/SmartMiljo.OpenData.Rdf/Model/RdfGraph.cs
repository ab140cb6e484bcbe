using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf;

/// <summary>
/// An in-memory set of triples indexed by subject, predicate and object: what SHACL validation, MQA scoring
/// and harvesting need. Publishing never builds one; it streams descriptions instead.
/// </summary>
public sealed class RdfGraph
{
    private readonly HashSet<Triple> _triples = [];
    private readonly Dictionary<RdfResource, List<Triple>> _bySubject = [];
    private readonly Dictionary<Iri, List<Triple>> _byPredicate = [];
    private readonly Dictionary<RdfTerm, List<Triple>> _byObject = [];

    public NamespaceMap Namespaces { get; } = new();
    public int Count => _triples.Count;
    public IEnumerable<Triple> Triples => _triples;
    public IEnumerable<RdfResource> Subjects => _bySubject.Keys;

    public bool Add(Triple triple)
    {
        if (!_triples.Add(triple)) return false;
        Index(_bySubject, triple.Subject, triple);
        Index(_byPredicate, triple.Predicate, triple);
        Index(_byObject, triple.Object, triple);
        return true;
    }

    public bool Add(RdfResource subject, Iri predicate, RdfTerm obj) => Add(new Triple(subject, predicate, obj));

    public void AddRange(IEnumerable<Triple> triples)
    {
        foreach (var t in triples) Add(t);
    }

    public bool Contains(Triple triple) => _triples.Contains(triple);

    public IReadOnlyList<Triple> WithSubject(RdfResource subject) => _bySubject.TryGetValue(subject, out var l) ? l : [];
    public IReadOnlyList<Triple> WithPredicate(Iri predicate) => _byPredicate.TryGetValue(predicate, out var l) ? l : [];
    public IReadOnlyList<Triple> WithObject(RdfTerm obj) => _byObject.TryGetValue(obj, out var l) ? l : [];

    public IEnumerable<RdfTerm> Objects(RdfResource subject, Iri predicate)
    {
        foreach (var t in WithSubject(subject))
            if (t.Predicate.Equals(predicate)) yield return t.Object;
    }

    public IEnumerable<RdfResource> SubjectsOf(Iri predicate, RdfTerm obj)
    {
        foreach (var t in WithObject(obj))
            if (t.Predicate.Equals(predicate)) yield return t.Subject;
    }

    public RdfTerm? Object(RdfResource subject, Iri predicate) => Objects(subject, predicate).FirstOrDefault();

    /// <summary>The nodes typed with <paramref name="type"/> (no RDFS inference).</summary>
    public IEnumerable<RdfResource> InstancesOf(Iri type) => SubjectsOf(Vocab.Rdf.Type, type);

    public bool HasType(RdfTerm node, Iri type) => node is RdfResource r && Contains(new Triple(r, Vocab.Rdf.Type, type));

    /// <summary>Reads an RDF collection (rdf:first/rdf:rest) into a list; throws on a malformed list.</summary>
    public IReadOnlyList<RdfTerm> ReadList(RdfTerm head)
    {
        var items = new List<RdfTerm>();
        var seen = new HashSet<RdfTerm>();
        var node = head;
        while (!node.Equals(Vocab.Rdf.Nil))
        {
            if (node is not RdfResource r || !seen.Add(node)) throw new RdfException($"Malformed RDF list at {node}.");
            items.Add(Object(r, Vocab.Rdf.First) ?? throw new RdfException($"RDF list node {node} has no rdf:first."));
            node = Object(r, Vocab.Rdf.Rest) ?? throw new RdfException($"RDF list node {node} has no rdf:rest.");
        }
        return items;
    }

    /// <summary>Writes the graph grouped by subject.</summary>
    public async Task WriteAsync(Stream output, RdfSerialization format, CancellationToken cancellationToken = default)
    {
        var namespaces = NamespaceMap.CreateDcatDefaults();
        foreach (var (p, ns) in Namespaces.Declarations)
            if (!namespaces.TryGetNamespace(p, out _) && !namespaces.TryGetPrefix(ns, out _)) namespaces.Add(p, ns);
        var writer = RdfWriter.Create(output, format, namespaces);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var (subject, triples) in _bySubject)
            {
                var d = new RdfDescription(subject);
                foreach (var t in triples) d.Add(t.Predicate, t.Object);
                await writer.WriteAsync(d, cancellationToken).ConfigureAwait(false);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Index<TKey>(Dictionary<TKey, List<Triple>> index, TKey key, Triple triple) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(triple);
    }
}
