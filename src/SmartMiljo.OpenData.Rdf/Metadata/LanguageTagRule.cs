namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>A BCP 47 language tag (sv, en, en-t-sv-t0-mtec) on a text; anything else cannot be written as RDF.</summary>
public static class LanguageTagRule
{
    public static MetadataProblem? Check(string field, string? value) =>
        Literal.IsValidLanguageTag(value) ? null : new MetadataProblem(field, value,
            $"'{value}' är ingen språkkod; använd t.ex. sv eller en.", $"'{value}' is not a language code; use e.g. sv or en.");
}
