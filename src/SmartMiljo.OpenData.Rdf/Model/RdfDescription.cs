namespace SmartMiljo.OpenData.Rdf;

/// <summary>One predicate–object pair of a description; the object is a term or a nested anonymous node.</summary>
public readonly record struct RdfStatement(Iri Predicate, RdfTerm? Object, RdfDescription? Nested);

/// <summary>
/// The statements about one subject: the unit writers stream. Anonymous nested descriptions (a period of
/// time, a location, a checksum) are written inline where the syntax allows it (<c>[ … ]</c> in Turtle, a
/// nested node element in RDF/XML) and with generated blank-node labels elsewhere.
/// </summary>
public sealed class RdfDescription
{
    private readonly List<RdfStatement> _statements = [];

    /// <summary>The subject, or null for an anonymous node (only meaningful nested or for a single top-level node).</summary>
    public RdfResource? Subject { get; }
    public IReadOnlyList<RdfStatement> Statements => _statements;

    public RdfDescription(RdfResource subject) => Subject = subject ?? throw new ArgumentNullException(nameof(subject));
    private RdfDescription() { }

    public static RdfDescription Anonymous() => new();

    public RdfDescription AddType(Iri type) => Add(Vocab.Rdf.Type, type);

    public RdfDescription Add(Iri predicate, RdfTerm value)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(value);
        _statements.Add(new(predicate, value, null));
        return this;
    }

    public RdfDescription Add(Iri predicate, RdfDescription nested)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(nested);
        if (nested.Subject is not null) throw new ArgumentException("Only anonymous descriptions can be nested; link named resources by IRI.", nameof(nested));
        _statements.Add(new(predicate, null, nested));
        return this;
    }

    /// <summary>Adds the statement when <paramref name="value"/> is not null.</summary>
    public RdfDescription AddIfPresent(Iri predicate, RdfTerm? value) => value is null ? this : Add(predicate, value);

    public RdfDescription AddLiteral(Iri predicate, string? text, string language) =>
        string.IsNullOrWhiteSpace(text) ? this : Add(predicate, Literal.LanguageTagged(text, language));

    public RdfDescription AddIri(Iri predicate, string? iri) => iri is null ? this : Add(predicate, Iri.Create(iri));

    /// <summary>Flattens into triples, naming anonymous nodes with <paramref name="newBlankNode"/>.</summary>
    public IEnumerable<Triple> ToTriples(Func<BlankNode> newBlankNode)
    {
        var subject = Subject ?? newBlankNode();
        return Flatten(subject, newBlankNode);
    }

    private IEnumerable<Triple> Flatten(RdfResource subject, Func<BlankNode> newBlankNode)
    {
        foreach (var s in _statements)
        {
            if (s.Nested is null)
            {
                yield return new Triple(subject, s.Predicate, s.Object!);
                continue;
            }
            var node = newBlankNode();
            yield return new Triple(subject, s.Predicate, node);
            foreach (var t in s.Nested.Flatten(node, newBlankNode)) yield return t;
        }
    }
}
