namespace SmartMiljo.OpenData.Rdf;

/// <summary>A blank node identified by a document-local label.</summary>
public sealed class BlankNode : RdfResource
{
    public string Label { get; }

    public BlankNode(string label)
    {
        if (string.IsNullOrEmpty(label)) throw new RdfException("A blank node needs a non-empty label.");
        Label = label;
    }

    public override bool Equals(RdfTerm? other) => other is BlankNode b && string.Equals(b.Label, Label, StringComparison.Ordinal);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Label) ^ 0x5bd1e995;
    public override string ToString() => "_:" + Label;
}
