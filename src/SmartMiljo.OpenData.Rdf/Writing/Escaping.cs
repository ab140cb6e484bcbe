using System.Buffers;
using System.Globalization;
using System.Text;

namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>
/// String escaping for the serialisations we write. Each method first looks for any character that needs
/// attention with a vectorised search, so ordinary text is appended in one copy.
/// </summary>
internal static class Escaping
{
    private static readonly SearchValues<char> XmlSpecial = SearchValues.Create(Controls() + "&<>\"\uFFFE\uFFFF");
    private static readonly SearchValues<char> QuotedSpecial = SearchValues.Create(Controls() + "\"\\\u007F");
    private static readonly SearchValues<char> JsonSpecial = SearchValues.Create(Controls() + "\"\\\u007F\u2028\u2029");

    private static string Controls() => new(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray());

    /// <summary>True when <paramref name="value"/> has none of <paramref name="special"/> and no surrogates.</summary>
    private static bool IsPlain(string value, SearchValues<char> special) =>
        value.AsSpan().IndexOfAny(special) < 0 && value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0;

    /// <summary>A Turtle/N-Triples short string "…" with ECHAR/UCHAR escapes (never needs a long string).</summary>
    public static void AppendQuoted(StringBuilder sb, string value)
    {
        if (IsPlain(value, QuotedSpecial))
        {
            sb.Append('"').Append(value).Append('"');
            return;
        }
        sb.Append('"');
        int runStart = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ => null,
            };
            if (escape is null && !IsControlOrUnpaired(value, i)) continue;
            sb.Append(value, runStart, i - runStart);
            if (escape is not null) sb.Append(escape);
            else if (char.IsSurrogate(c)) sb.Append("\\uFFFD"); // an unpaired surrogate cannot be encoded in UTF-8
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            runStart = i + 1;
        }
        sb.Append(value, runStart, value.Length - runStart).Append('"');
    }

    private static bool IsControlOrUnpaired(string s, int i)
    {
        char c = s[i];
        if (c < 0x20 || c == 0x7F) return true;
        if (char.IsHighSurrogate(c)) return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(s[i - 1]);
        return false;
    }

    /// <summary>
    /// XML character data or attribute value. Characters XML 1.0 cannot represent at all (most C0 controls,
    /// unpaired surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD; CR, and in attributes TAB and LF, are
    /// written as character references so that XML end-of-line and attribute normalisation keep them.
    /// </summary>
    public static void AppendXml(StringBuilder sb, string value, bool attribute)
    {
        if (IsPlain(value, XmlSpecial))
        {
            sb.Append(value);
            return;
        }
        int runStart = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                '\r' => "&#xD;",
                '\n' when attribute => "&#xA;",
                '\t' when attribute => "&#x9;",
                '\n' or '\t' => null,
                < ' ' or '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ when char.IsHighSurrogate(c) => i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? null : "\uFFFD",
                _ when char.IsLowSurrogate(c) => i > 0 && char.IsHighSurrogate(value[i - 1]) ? null : "\uFFFD",
                _ => null,
            };
            if (replacement is null) continue;
            sb.Append(value, runStart, i - runStart).Append(replacement);
            runStart = i + 1;
        }
        sb.Append(value, runStart, value.Length - runStart);
    }

    /// <summary>A JSON string literal.</summary>
    public static void AppendJson(StringBuilder sb, string value)
    {
        if (IsPlain(value, JsonSpecial))
        {
            sb.Append('"').Append(value).Append('"');
            return;
        }
        sb.Append('"');
        int runStart = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            if (escape is null && !IsControlOrUnpaired(value, i) && c != '\u2028' && c != '\u2029') continue;
            sb.Append(value, runStart, i - runStart);
            if (escape is not null) sb.Append(escape);
            else if (char.IsSurrogate(c)) sb.Append("\\uFFFD");
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            runStart = i + 1;
        }
        sb.Append(value, runStart, value.Length - runStart).Append('"');
    }
}
