namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// An e-mail address as the catalogue publishes it (<c>mailto:</c> in vcard:hasEmail): one local part, '@',
/// and a domain with at least one dot. Letters outside ASCII are allowed in the domain (växjö.se).
/// </summary>
public static class EmailAddressRule
{
    public static MetadataProblem? Check(string field, string? value)
    {
        if (value is null) return null;
        return IsValid(value) ? null : new MetadataProblem(field, TextRule.Shorten(value),
            $"'{TextRule.Shorten(value)}' är inte en e-postadress. Skriv den som namn@exempel.se.",
            $"'{TextRule.Shorten(value)}' is not an e-mail address. Write it as name@example.se.");
    }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 254 || value != value.Trim()) return false;
        int at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at > 64) return false;
        var local = value.AsSpan(0, at);
        var domain = value.AsSpan(at + 1);
        foreach (var c in local)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' or '\'')) return false;
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal)) return false;
        if (domain.Length < 4 || !domain.Contains('.') ) return false;
        foreach (var label in domain.ToString().Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
                if (!(char.IsLetterOrDigit(c) || c == '-') || char.IsSurrogate(c)) return false;
        }
        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        return tld.Length >= 2 && !char.IsAsciiDigit(tld[0]);
    }
}
