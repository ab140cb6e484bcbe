namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>
/// JSON-LD 1.1 in flattened-by-subject form: a context with the declared prefixes, then an <c>@graph</c>
/// array with one node object per description, written as it comes. Only prefixes whose namespace ends in
/// '/' or '#' are used for compact IRIs (JSON-LD 1.1 prefix rules); anything else is written in full.
/// </summary>
public sealed class JsonLdWriter : RdfWriter
{
    private readonly PrefixCache _prefixes;
    private bool _firstNode = true;

    public JsonLdWriter(Stream output, NamespaceMap? namespaces = null) : base(output, PrefixSafe(namespaces)) =>
        _prefixes = new PrefixCache(Namespaces);

    public override RdfSerialization Format => RdfSerialization.JsonLd;

    private static NamespaceMap PrefixSafe(NamespaceMap? namespaces)
    {
        var source = namespaces ?? NamespaceMap.CreateDcatDefaults();
        var safe = new NamespaceMap();
        foreach (var (prefix, ns) in source.Declarations)
            if (ns.EndsWith('/') || ns.EndsWith('#')) safe.Add(prefix, ns);
        return safe;
    }

    protected override void WriteStart()
    {
        Buffer.Append("{\n  \"@context\": {");
        bool first = true;
        foreach (var (prefix, ns) in Namespaces.Declarations)
        {
            Buffer.Append(first ? "\n    " : ",\n    ");
            Escaping.AppendJson(Buffer, prefix);
            Buffer.Append(": ");
            Escaping.AppendJson(Buffer, ns);
            first = false;
        }
        Buffer.Append("\n  },\n  \"@graph\": [");
    }

    protected override void WriteEnd() => Buffer.Append("\n  ]\n}\n");

    protected override object? CaptureState() => _firstNode;

    protected override void RestoreState(object? state) => _firstNode = (bool)state!;

    protected override void WriteDescription(RdfDescription description)
    {
        Buffer.Append(_firstNode ? "\n    " : ",\n    ");
        _firstNode = false;
        AppendNode(description, description.Subject, 2);
    }

    private void AppendNode(RdfDescription description, RdfResource? subject, int depth)
    {
        Buffer.Append('{');
        bool firstMember = true;
        if (subject is not null)
        {
            StartMember(ref firstMember, depth + 1);
            Buffer.Append("\"@id\": ");
            AppendJsonId(subject);
        }

        // JSON objects cannot repeat keys, so all values of one predicate are gathered into one array.
        var groups = GroupByPredicate(description.Statements);
        foreach (var (predicate, statements) in groups)
        {
            StartMember(ref firstMember, depth + 1);
            bool isType = predicate.Equals(Vocab.Rdf.Type) && statements.TrueForAll(s => s.Object is Iri);
            if (isType)
            {
                Buffer.Append("\"@type\": [");
                for (int i = 0; i < statements.Count; i++)
                {
                    if (i > 0) Buffer.Append(", ");
                    Escaping.AppendJson(Buffer, CompactOrFull((Iri)statements[i].Object!));
                }
                Buffer.Append(']');
                continue;
            }
            Escaping.AppendJson(Buffer, CompactOrFull(predicate));
            Buffer.Append(": [");
            for (int i = 0; i < statements.Count; i++)
            {
                if (i > 0) Buffer.Append(", ");
                if (statements[i].Nested is { } nested) AppendNode(nested, null, depth + 1);
                else AppendValue(statements[i].Object!);
            }
            Buffer.Append(']');
        }
        Buffer.Append('\n').Append(' ', depth * 2).Append('}');
    }

    private static List<(Iri Predicate, List<RdfStatement> Statements)> GroupByPredicate(IReadOnlyList<RdfStatement> statements)
    {
        var groups = new List<(Iri, List<RdfStatement>)>();
        foreach (var s in statements)
        {
            var group = groups.Find(g => g.Item1.Equals(s.Predicate));
            if (group.Item2 is null) groups.Add((s.Predicate, [s]));
            else group.Item2.Add(s);
        }
        return groups;
    }

    private void StartMember(ref bool first, int depth)
    {
        if (!first) Buffer.Append(',');
        Buffer.Append('\n').Append(' ', depth * 2);
        first = false;
    }

    private void AppendJsonId(RdfResource resource) =>
        Escaping.AppendJson(Buffer, resource is Iri iri ? iri.Value : "_:" + BlankNodeLabeller.SafeLabel((BlankNode)resource));

    private void AppendValue(RdfTerm term)
    {
        switch (term)
        {
            case RdfResource r:
                Buffer.Append("{\"@id\": ");
                AppendJsonId(r);
                Buffer.Append('}');
                break;
            case Literal l:
                Buffer.Append("{\"@value\": ");
                Escaping.AppendJson(Buffer, l.Lexical);
                if (l.Language is not null)
                {
                    Buffer.Append(", \"@language\": ");
                    Escaping.AppendJson(Buffer, l.Language);
                }
                else if (!l.Datatype.Equals(Vocab.Xsd.String))
                {
                    Buffer.Append(", \"@type\": ");
                    Escaping.AppendJson(Buffer, l.Datatype.Value);
                }
                Buffer.Append('}');
                break;
        }
    }

    private string CompactOrFull(Iri iri) => _prefixes.Compact(iri) ?? iri.Value;
}
