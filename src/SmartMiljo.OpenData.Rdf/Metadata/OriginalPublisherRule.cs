using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// A harvested record's original publisher: its name, IRI and ADMS publisher type together (DCAT-AP-SE 3.0.1
/// wants the type on every publisher), or none of them.
/// </summary>
public static class OriginalPublisherRule
{
    public static MetadataProblem? Check(string field, string? name, string? iri, string? type)
    {
        int given = new[] { name, iri, type }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given == 0) return null;
        if (given < 3)
            return new MetadataProblem(field, name ?? iri ?? type,
                "Ange namn, IRI och typ (t.ex. LocalAuthority) för den ursprungliga utgivaren, eller inget av dem.",
                "Give the name, IRI and type (e.g. LocalAuthority) of the original publisher, or none of them.");
        if (!Enum.TryParse<AdmsPublisherType>(type, ignoreCase: false, out _) || int.TryParse(type, out _))
            return new MetadataProblem(field, type,
                $"'{TextRule.Shorten(type!)}' är ingen ADMS-utgivartyp; använd t.ex. LocalAuthority, RegionalAuthority eller NationalAuthority.",
                $"'{TextRule.Shorten(type!)}' is not an ADMS publisher type; use e.g. LocalAuthority, RegionalAuthority or NationalAuthority.");
        return WebAddressRule.Check(field, iri, "utgivarens IRI", "publisher IRI")
            ?? TextRule.Check(field, name, required: true, TextRule.MaxTitleLength, "utgivarens namn", "publisher's name");
    }
}
