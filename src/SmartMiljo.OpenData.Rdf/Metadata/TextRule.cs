namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// Titles, descriptions and keywords: required ones must not be blank, none may hold control characters
/// (XML cannot carry them) or run beyond a length a catalogue reader will show.
/// </summary>
public static class TextRule
{
    public const int MaxTitleLength = 1_000;
    public const int MaxDescriptionLength = 50_000;
    public const int MaxKeywordLength = 200;

    public static MetadataProblem? Check(string field, string? value, bool required, int maxLength, string svName, string enName)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? new MetadataProblem(field, value, $"Ange {svName}; fältet får inte vara tomt.", $"Give the {enName}; it must not be empty.") : null;
        if (value.Length > maxLength)
            return new MetadataProblem(field, Shorten(value), $"{Capital(svName)} får vara högst {maxLength} tecken lång.", $"The {enName} may be at most {maxLength} characters long.");
        foreach (var c in value)
        {
            if (c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF')
                return new MetadataProblem(field, Shorten(value), $"{Capital(svName)} innehåller ett osynligt styrtecken (U+{(int)c:X4}); skriv om texten.",
                    $"The {enName} holds an invisible control character (U+{(int)c:X4}); retype the text.");
        }
        return null;
    }

    internal static string Shorten(string value) => value.Length <= 120 ? value : value[..120] + "…";

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
