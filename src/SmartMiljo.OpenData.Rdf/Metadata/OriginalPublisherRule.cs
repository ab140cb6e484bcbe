namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>A harvested record's original publisher: a name and an IRI together, or neither.</summary>
public static class OriginalPublisherRule
{
    public static MetadataProblem? Check(string field, string? name, string? iri)
    {
        if (string.IsNullOrWhiteSpace(name) != string.IsNullOrWhiteSpace(iri))
            return new MetadataProblem(field, name ?? iri,
                "Ange både namn och IRI för den ursprungliga utgivaren, eller inget av dem.",
                "Give both the name and the IRI of the original publisher, or neither.");
        return WebAddressRule.Check(field, string.IsNullOrWhiteSpace(iri) ? null : iri, "utgivarens IRI", "publisher IRI")
            ?? TextRule.Check(field, string.IsNullOrWhiteSpace(name) ? null : name, required: false, TextRule.MaxTitleLength, "utgivarens namn", "publisher's name");
    }
}
