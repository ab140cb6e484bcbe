namespace SmartMiljo.OpenData.Rdf;

/// <summary>An RDF term: an <see cref="Iri"/>, a <see cref="BlankNode"/> or a <see cref="Literal"/>.</summary>
public abstract class RdfTerm : IEquatable<RdfTerm>
{
    private protected RdfTerm() { }

    public abstract bool Equals(RdfTerm? other);
    public override bool Equals(object? obj) => obj is RdfTerm t && Equals(t);
    public abstract override int GetHashCode();
}

/// <summary>A term that may stand in subject position: an IRI or a blank node.</summary>
public abstract class RdfResource : RdfTerm
{
    private protected RdfResource() { }
}
