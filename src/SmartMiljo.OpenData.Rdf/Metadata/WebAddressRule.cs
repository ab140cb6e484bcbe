namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// Web addresses and other IRIs the catalogue links to (homepage, landing page, licence, place): absolute
/// http or https with a host, and a well-formed IRI (no spaces, '&lt;', '&gt;', quotes). Anything else —
/// <c>javascript:</c>, relative paths, text — cannot be written as RDF or safely shown as a link.
/// </summary>
public static class WebAddressRule
{
    public const int MaxLength = 2_000;

    public static MetadataProblem? Check(string field, string? value, string svName = "webbadressen", string enName = "web address")
    {
        if (value is null) return null;
        return IsValid(value) ? null : new MetadataProblem(field, TextRule.Shorten(value),
            $"{char.ToUpperInvariant(svName[0])}{svName[1..]} '{TextRule.Shorten(value)}' måste vara en fullständig adress som börjar med https:// eller http://, utan mellanslag och tecknen < > \".",
            $"The {enName} '{TextRule.Shorten(value)}' must be a complete address starting with https:// or http://, without spaces or the characters < > \".");
    }

    /// <summary>True for an absolute http(s) IRI with a host that every RDF syntax can carry.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        if (!(value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))) return false;
        if (Iri.Validate(value) is not null) return false;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
    }
}
