namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// A telephone number the catalogue can publish as a <c>tel:</c> IRI: digits with the usual separators
/// (space, hyphen, parentheses, dot, slash), '+' only first, 5–15 digits (E.164 allows 15).
/// </summary>
public static class TelephoneRule
{
    public static MetadataProblem? Check(string field, string? value)
    {
        if (value is null) return null;
        return IsValid(value) ? null : new MetadataProblem(field, TextRule.Shorten(value),
            $"'{TextRule.Shorten(value)}' är inget telefonnummer. Skriv bara siffror, t.ex. 0501-100 00 eller +46 501 100 00.",
            $"'{TextRule.Shorten(value)}' is not a telephone number. Use digits only, e.g. 0501-100 00 or +46 501 100 00.");
    }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 40) return false;
        var trimmed = value.Trim();
        int digits = 0;
        for (int i = 0; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '+') { if (i != 0) return false; }
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '/' or '\u00A0')) return false;
        }
        return digits is >= 5 and <= 15;
    }
}
