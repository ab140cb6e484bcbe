namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// A metadata value that breaks a rule the DCAT-AP-SE catalogue depends on: the field (as the admin API
/// names it), the offending value, and what to do, in Swedish and English for the publisher.
/// </summary>
public sealed record MetadataProblem(string Field, string? Value, string Swedish, string English)
{
    /// <summary>Both languages, for places that show one text to everyone (API errors, harvest notes, logs).</summary>
    public string Message => $"{Swedish} / {English}";

    public override string ToString() => $"{Field}: {Message}";
}
