namespace SmartMiljo.OpenData.Rdf;

/// <summary>One RDF statement.</summary>
public readonly record struct Triple(RdfResource Subject, Iri Predicate, RdfTerm Object)
{
    public override string ToString() => $"{Subject} {Predicate} {Object} .";
}
