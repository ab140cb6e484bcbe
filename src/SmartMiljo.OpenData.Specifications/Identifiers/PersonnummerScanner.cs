using System.Numerics;

namespace SmartMiljo.OpenData.Specifications.Identifiers;

/// <summary>
/// Finds personnummer and samordningsnummer anywhere in a text: <c>YYMMDD-NNNN</c> or
/// <c>YYMMDD+NNNN</c>, and with the century <c>YYYYMMDD-NNNN</c> or <c>YYYYMMDDNNNN</c> (19 or 20),
/// standing on their own (not inside a longer run of digits or letters), with a real month, a day of
/// 1–31 (61–91 for a samordningsnummer) and the Luhn check digit right. Ten digits without a
/// separator are left alone: phone numbers have that shape too (0501756100 passes the check).
/// One generic implementation serves decoded text and raw UTF-8 bytes alike, so the validator's
/// byte path and string path cannot disagree (the digits, separators and ASCII letters it looks
/// at are the same code units in both; every other character is a boundary in both).
/// </summary>
public static class PersonnummerScanner
{
    /// <summary>The shortest form, <c>YYMMDD-NNNN</c>: shorter text is never looked at.</summary>
    public const int ShortestForm = 11;

    public static bool Contains(ReadOnlySpan<char> text) => IndexOf(text, out _) >= 0;

    public static bool Contains(ReadOnlySpan<byte> utf8) => IndexOf(utf8, out _) >= 0;

    /// <summary>Where the first number starts, or -1; <paramref name="length"/> is its length in code units.</summary>
    public static int IndexOf<T>(ReadOnlySpan<T> text, out int length) where T : unmanaged, IBinaryInteger<T>
    {
        length = 0;
        var zero = T.CreateTruncating('0');
        var nine = T.CreateTruncating('9');
        var i = 0;
        while (text.Length - i >= ShortestForm)
        {
            var next = text[i..].IndexOfAnyInRange(zero, nine);
            if (next < 0) return -1;
            i += next;
            // Digit runs in ordinary text are short (dates, house numbers): a plain loop beats a vector search here.
            var run = 1;
            while (i + run < text.Length && text[i + run] >= zero && text[i + run] <= nine) run++;
            if (run >= 6 && (i == 0 || !IsAsciiLetterOrDigit(text[i - 1])))
            {
                length = FormAt(text, i, run);
                if (length > 0) return i;
            }
            i += run;
        }
        return -1;
    }

    /// <summary>The length of the number starting at <paramref name="start"/> (a run of
    /// <paramref name="run"/> digits), or 0 when it is not one.</summary>
    private static int FormAt<T>(ReadOnlySpan<T> text, int start, int run) where T : unmanaged, IBinaryInteger<T>
    {
        Span<char> ten = stackalloc char[10];
        int length;
        if (run == 12)
        {
            if (!HasCentury(text, start)) return 0;
            length = 12;
            Copy(text.Slice(start + 2, 10), ten);
        }
        else if (run is 6 or 8)
        {
            if (run == 8 && !HasCentury(text, start)) return 0;
            length = run + 5;
            if (text.Length - start < length || !IsSeparator(text[start + run])) return 0;
            var tail = text.Slice(start + run + 1, 4);
            if (tail.IndexOfAnyExceptInRange(T.CreateTruncating('0'), T.CreateTruncating('9')) >= 0) return 0;
            Copy(text.Slice(start + run - 6, 6), ten);
            Copy(tail, ten[6..]);
        }
        else return 0;
        if (start + length < text.Length && IsAsciiLetterOrDigit(text[start + length])) return 0;
        return SwedishIds.IsPersonnummerDigits(ten) ? length : 0;
    }

    private static bool HasCentury<T>(ReadOnlySpan<T> text, int start) where T : unmanaged, IBinaryInteger<T>
    {
        var c0 = ToChar(text[start]);
        var c1 = ToChar(text[start + 1]);
        return c0 == '1' && c1 == '9' || c0 == '2' && c1 == '0';
    }

    private static bool IsSeparator<T>(T c) where T : unmanaged, IBinaryInteger<T> =>
        c == T.CreateTruncating('-') || c == T.CreateTruncating('+');

    /// <summary>Only ASCII counts: any other character (or any byte of a multi-byte UTF-8
    /// character) is a boundary in both forms of the text.</summary>
    private static bool IsAsciiLetterOrDigit<T>(T c) where T : unmanaged, IBinaryInteger<T> =>
        T.CreateTruncating(0x80) > c && char.IsAsciiLetterOrDigit(ToChar(c));

    private static char ToChar<T>(T c) where T : unmanaged, IBinaryInteger<T> => (char)int.CreateTruncating(c);

    private static void Copy<T>(ReadOnlySpan<T> digits, Span<char> target) where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = 0; i < digits.Length; i++) target[i] = ToChar(digits[i]);
    }

    /// <summary>The text with the last four digits of every number found replaced by <c>****</c>:
    /// what a report may show. Text without one comes back as it is.</summary>
    public static string Mask(string text)
    {
        if (text.Length < ShortestForm || IndexOf(text.AsSpan(), out _) < 0) return text;
        var chars = text.ToCharArray();
        var from = 0;
        while (from < chars.Length)
        {
            var at = IndexOf<char>(chars.AsSpan(from), out var length);
            if (at < 0) break;
            var end = from + at + length;
            chars.AsSpan(end - 4, 4).Fill('*');
            from = end;
        }
        return new string(chars);
    }
}
