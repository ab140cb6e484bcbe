namespace SmartMiljo.OpenData.Specifications.Identifiers;

/// <summary>
/// Organisationsnummer and personnummer share one shape: ten digits (optionally a century prefix
/// and a dash or plus after the date part) whose last digit is a Luhn check digit. The third digit
/// tells them apart: 2 or more for legal entities; a month (0 or 1) for a person, so a sole
/// trader's organisationsnummer is the owner's personnummer.
/// </summary>
public static class SwedishIds
{
    /// <summary>Ten digits of an organisationsnummer or personnummer without separators, or null
    /// when the text does not have the shape.</summary>
    public static string? TenDigits(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        Span<char> digits = stackalloc char[12];
        var n = 0;
        var separators = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) { if (n == 12) return null; digits[n++] = c; }
            else if ((c == '-' || c == '+') && separators == 0 && (n == 6 || n == 8)) separators++;
            else return null;
        }
        if (n == 12)
        {
            // Century prefix: 16 for organisations, 18/19/20 for persons.
            if (!(digits[0] == '1' && digits[1] is '6' or '8' or '9' || digits[0] == '2' && digits[1] == '0')) return null;
            return new string(digits[2..12]);
        }
        return n == 10 ? new string(digits[..10]) : null;
    }

    public static bool LuhnValid(ReadOnlySpan<char> tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < tenDigits.Length; i++)
        {
            var d = tenDigits[i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>True for a valid organisationsnummer of a legal entity (not a person).</summary>
    public static bool IsOrganisationsnummer(string text) =>
        TenDigits(text) is { } d && d[2] >= '2' && LuhnValid(d);

    /// <summary>True when the text is a valid personnummer or samordningsnummer (date part and check digit).</summary>
    public static bool IsPersonnummer(string text) => TenDigits(text) is { } d && IsPersonnummerDigits(d);

    internal static bool IsPersonnummerDigits(ReadOnlySpan<char> d)
    {
        if (!LuhnValid(d)) return false;
        var month = (d[2] - '0') * 10 + (d[3] - '0');
        var day = (d[4] - '0') * 10 + (d[5] - '0');
        if (day > 60) day -= 60; // samordningsnummer
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    /// <summary>True when the whole text (trimmed) is one personnummer or samordningsnummer in a
    /// form <see cref="PersonnummerScanner"/> finds: a separator (YYMMDD-NNNN) or a 12-digit form
    /// with century, so that ordinary 10-digit ids and phone numbers are not taken for personal data.</summary>
    public static bool LooksLikePersonnummer(string text) => LooksLikePersonnummer(text.AsSpan());

    /// <inheritdoc cref="LooksLikePersonnummer(string)"/>
    public static bool LooksLikePersonnummer(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return PersonnummerScanner.IndexOf(text, out var length) == 0 && length == text.Length;
    }
}
