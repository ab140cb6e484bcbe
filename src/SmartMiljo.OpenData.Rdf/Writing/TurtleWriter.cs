namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>
/// Turtle: prefixes first, then one block per description, predicates grouped with ';' and consecutive
/// equal predicates with ','; anonymous nested nodes as <c>[ … ]</c>.
/// </summary>
public sealed class TurtleWriter : RdfWriter
{
    private readonly PrefixCache _prefixes;

    public TurtleWriter(Stream output, NamespaceMap? namespaces = null) : base(output, namespaces) =>
        _prefixes = new PrefixCache(Namespaces);

    public override RdfSerialization Format => RdfSerialization.Turtle;

    protected override void WriteStart()
    {
        foreach (var (prefix, ns) in Namespaces.Declarations)
            Buffer.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        Buffer.Append('\n');
    }

    protected override void WriteEnd() { }

    protected override void WriteDescription(RdfDescription description)
    {
        if (description.Statements.Count == 0)
        {
            // A subject without statements asserts nothing; Turtle cannot express it, so nothing is written.
            return;
        }
        if (description.Subject is null)
        {
            Buffer.Append("[]");
        }
        else
        {
            AppendResource(description.Subject);
        }
        AppendPredicateObjectList(description, 1);
        Buffer.Append(" .\n\n");
    }

    private void AppendPredicateObjectList(RdfDescription description, int depth)
    {
        Iri? previous = null;
        foreach (var statement in description.Statements)
        {
            if (previous is not null && previous.Equals(statement.Predicate))
            {
                Buffer.Append(", ");
            }
            else
            {
                if (previous is not null) Buffer.Append(" ;");
                Buffer.Append('\n').Append(' ', depth * 4);
                if (statement.Predicate.Equals(Vocab.Rdf.Type)) Buffer.Append('a');
                else AppendIri(statement.Predicate);
                Buffer.Append(' ');
            }
            previous = statement.Predicate;

            if (statement.Nested is { } nested)
            {
                Buffer.Append('[');
                AppendPredicateObjectList(nested, depth + 1);
                Buffer.Append('\n').Append(' ', depth * 4).Append(']');
            }
            else
            {
                AppendTerm(statement.Object!, compactIri: statement.Predicate.Equals(Vocab.Rdf.Type));
            }
        }
    }

    private void AppendTerm(RdfTerm term, bool compactIri)
    {
        switch (term)
        {
            case Iri iri when compactIri: AppendIri(iri); break;
            case Iri iri: Buffer.Append('<').Append(iri.Value).Append('>'); break;
            case BlankNode b: Buffer.Append("_:").Append(BlankNodeLabeller.SafeLabel(b)); break;
            case Literal l:
                Escaping.AppendQuoted(Buffer, l.Lexical);
                if (l.Language is not null) Buffer.Append('@').Append(l.Language);
                else if (!l.Datatype.Equals(Vocab.Xsd.String)) { Buffer.Append("^^"); AppendIri(l.Datatype); }
                break;
        }
    }

    private void AppendResource(RdfResource resource)
    {
        if (resource is Iri iri) Buffer.Append('<').Append(iri.Value).Append('>');
        else Buffer.Append("_:").Append(BlankNodeLabeller.SafeLabel((BlankNode)resource));
    }

    private void AppendIri(Iri iri)
    {
        var compact = _prefixes.Compact(iri);
        if (compact is not null) Buffer.Append(compact);
        else Buffer.Append('<').Append(iri.Value).Append('>');
    }
}

/// <summary>Caches prefixed names of predicates, classes and datatypes (a small, bounded set in practice).</summary>
internal sealed class PrefixCache(NamespaceMap namespaces)
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<string, string?> _cache = new(StringComparer.Ordinal);

    public string? Compact(Iri iri)
    {
        if (_cache.TryGetValue(iri.Value, out var cached)) return cached;
        var compact = namespaces.TryCompact(iri.Value);
        if (_cache.Count < MaxEntries) _cache[iri.Value] = compact;
        return compact;
    }
}
