namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>
/// RDF/XML, the syntax dataportal.se harvests. Each description becomes a typed node element
/// (<c>&lt;dcat:Dataset rdf:about="…"&gt;</c>) when its first type has a declared prefix, else
/// <c>rdf:Description</c>. Predicates outside the declared namespaces get a local <c>xmlns</c> declaration.
/// </summary>
public sealed class RdfXmlWriter : RdfWriter
{
    private readonly Dictionary<string, QName> _qnames = new(StringComparer.Ordinal);

    public RdfXmlWriter(Stream output, NamespaceMap? namespaces = null) : base(output, namespaces)
    {
        if (!Namespaces.TryGetPrefix(Vocab.Rdf.Namespace, out var rdfPrefix) || rdfPrefix != "rdf")
            Namespaces.Add("rdf", Vocab.Rdf.Namespace);
    }

    public override RdfSerialization Format => RdfSerialization.RdfXml;

    private readonly record struct QName(string Name, string? LocalDeclaration);

    protected override void WriteStart()
    {
        Buffer.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
        foreach (var (prefix, ns) in Namespaces.Declarations)
        {
            Buffer.Append("\n    xmlns:").Append(prefix).Append("=\"");
            Escaping.AppendXml(Buffer, ns, attribute: true);
            Buffer.Append('"');
        }
        Buffer.Append(">\n");
    }

    protected override void WriteEnd() => Buffer.Append("</rdf:RDF>\n");

    protected override void WriteDescription(RdfDescription description) => AppendNode(description, 1);

    private void AppendNode(RdfDescription description, int depth)
    {
        int typeIndex = FindNodeElementType(description);
        var element = typeIndex >= 0 ? GetQName((Iri)description.Statements[typeIndex].Object!) : new QName("rdf:Description", null);

        Indent(depth);
        Buffer.Append('<').Append(element.Name);
        AppendLocalDeclaration(element);
        switch (description.Subject)
        {
            case Iri iri:
                Buffer.Append(" rdf:about=\"");
                Escaping.AppendXml(Buffer, iri.Value, attribute: true);
                Buffer.Append('"');
                break;
            case BlankNode b:
                Buffer.Append(" rdf:nodeID=\"b").Append(BlankNodeLabeller.SafeLabel(b)).Append('"');
                break;
        }

        if (description.Statements.Count == (typeIndex >= 0 ? 1 : 0))
        {
            Buffer.Append("/>\n");
            return;
        }
        Buffer.Append(">\n");
        for (int i = 0; i < description.Statements.Count; i++)
        {
            if (i != typeIndex) AppendProperty(description.Statements[i], depth + 1);
        }
        Indent(depth);
        Buffer.Append("</").Append(element.Name).Append(">\n");
    }

    private int FindNodeElementType(RdfDescription description)
    {
        for (int i = 0; i < description.Statements.Count; i++)
        {
            var s = description.Statements[i];
            if (s.Predicate.Equals(Vocab.Rdf.Type) && s.Object is Iri type && TryGetDeclaredQName(type, out _))
                return i;
        }
        return -1;
    }

    private void AppendProperty(RdfStatement statement, int depth)
    {
        var property = GetQName(statement.Predicate);
        Indent(depth);
        Buffer.Append('<').Append(property.Name);
        AppendLocalDeclaration(property);

        if (statement.Nested is { } nested)
        {
            Buffer.Append(">\n");
            AppendNode(nested, depth + 1);
            Indent(depth);
            Buffer.Append("</").Append(property.Name).Append(">\n");
            return;
        }

        switch (statement.Object)
        {
            case Iri iri:
                Buffer.Append(" rdf:resource=\"");
                Escaping.AppendXml(Buffer, iri.Value, attribute: true);
                Buffer.Append("\"/>\n");
                return;
            case BlankNode b:
                Buffer.Append(" rdf:nodeID=\"b").Append(BlankNodeLabeller.SafeLabel(b)).Append("\"/>\n");
                return;
            case Literal l:
                if (l.Language is not null) Buffer.Append(" xml:lang=\"").Append(l.Language).Append('"');
                else if (!l.Datatype.Equals(Vocab.Xsd.String))
                {
                    Buffer.Append(" rdf:datatype=\"");
                    Escaping.AppendXml(Buffer, l.Datatype.Value, attribute: true);
                    Buffer.Append('"');
                }
                Buffer.Append('>');
                Escaping.AppendXml(Buffer, l.Lexical, attribute: false);
                Buffer.Append("</").Append(property.Name).Append(">\n");
                return;
        }
    }

    private void AppendLocalDeclaration(QName name)
    {
        if (name.LocalDeclaration is null) return;
        Buffer.Append(" xmlns:ns0=\"");
        Escaping.AppendXml(Buffer, name.LocalDeclaration, attribute: true);
        Buffer.Append('"');
    }

    /// <summary>A QName with a prefix declared on rdf:RDF (no local xmlns needed), cached.</summary>
    private bool TryGetDeclaredQName(Iri iri, out QName qname)
    {
        if (_qnames.TryGetValue(iri.Value, out qname)) return qname.LocalDeclaration is null;
        if (!NamespaceMap.TrySplit(iri.Value, out _, out _)) return false;
        qname = GetQName(iri);
        return qname.LocalDeclaration is null;
    }

    private QName GetQName(Iri iri)
    {
        if (_qnames.TryGetValue(iri.Value, out var cached)) return cached;
        if (!NamespaceMap.TrySplit(iri.Value, out var ns, out var local))
            throw new RdfException($"<{iri.Value}> cannot be used as a property or class in RDF/XML: it does not end in an XML name.");
        var qname = Namespaces.TryGetPrefix(ns, out var prefix)
            ? new QName(prefix + ":" + local, null)
            : new QName("ns0:" + local, ns);
        if (_qnames.Count < 4096) _qnames[iri.Value] = qname;
        return qname;
    }

    private void Indent(int depth) => Buffer.Append(' ', depth * 2);
}
