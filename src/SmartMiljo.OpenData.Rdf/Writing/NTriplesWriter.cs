namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>N-Triples: one triple per line, absolute IRIs, UTF-8 (non-ASCII written as is, controls escaped).</summary>
public sealed class NTriplesWriter : RdfWriter
{
    public NTriplesWriter(Stream output, NamespaceMap? namespaces = null) : base(output, namespaces) { }

    public override RdfSerialization Format => RdfSerialization.NTriples;

    protected override void WriteStart() { }
    protected override void WriteEnd() { }

    protected override void WriteDescription(RdfDescription description)
    {
        string subject = description.Subject switch
        {
            Iri iri => "<" + iri.Value + ">",
            BlankNode b => "_:" + BlankNodeLabeller.SafeLabel(b),
            _ => "_:" + BlankNodes.NewLabel(),
        };
        AppendStatements(subject, description);
    }

    private void AppendStatements(string subject, RdfDescription description)
    {
        foreach (var s in description.Statements)
        {
            if (s.Nested is { } nested)
            {
                var node = "_:" + BlankNodes.NewLabel();
                AppendLine(subject, s.Predicate, node);
                AppendStatements(node, nested);
                continue;
            }
            Buffer.Append(subject).Append(" <").Append(s.Predicate.Value).Append("> ");
            AppendTerm(s.Object!);
            Buffer.Append(" .\n");
        }
    }

    private void AppendLine(string subject, Iri predicate, string objectText) =>
        Buffer.Append(subject).Append(" <").Append(predicate.Value).Append("> ").Append(objectText).Append(" .\n");

    private void AppendTerm(RdfTerm term)
    {
        switch (term)
        {
            case Iri iri: Buffer.Append('<').Append(iri.Value).Append('>'); break;
            case BlankNode b: Buffer.Append("_:").Append(BlankNodeLabeller.SafeLabel(b)); break;
            case Literal l:
                Escaping.AppendQuoted(Buffer, l.Lexical);
                if (l.Language is not null) Buffer.Append('@').Append(l.Language);
                else if (!l.Datatype.Equals(Vocab.Xsd.String)) Buffer.Append("^^<").Append(l.Datatype.Value).Append('>');
                break;
        }
    }
}
