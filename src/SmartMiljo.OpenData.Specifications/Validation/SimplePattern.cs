namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// A direct matcher for the patterns national specifications mostly use: a sequence of ASCII
/// characters and ASCII bracket classes, each with an optional count (<c>SE[0-9A-Z]{16}</c>,
/// <c>Q[0-9]+</c>, <c>[0-9]{3} ?[0-9]{2}</c>). It takes only patterns where reading greedily is
/// the one possible reading (every variable-length part is last, or followed by a required part
/// that shares no character with it), so it gives exactly the regex's answer, at a fraction of
/// the cost per cell. Anything else (escapes, groups, alternation, negated classes) is left to
/// <see cref="System.Text.RegularExpressions.Regex"/>: <see cref="TryCreate"/> returns null.
/// </summary>
internal sealed class SimplePattern
{
    private readonly record struct Part(UInt128 Chars, int Min, int Max);

    private readonly Part[] _parts;

    private SimplePattern(Part[] parts) => _parts = parts;

    public static SimplePattern? TryCreate(string pattern)
    {
        var parts = new List<Part>();
        var i = 0;
        while (i < pattern.Length)
        {
            UInt128 chars;
            var c = pattern[i];
            if (c == '[')
            {
                if (!TryReadClass(pattern, ref i, out chars)) return null;
            }
            else if (c < 0x80 && !IsMeta(c)) { chars = Bit(c); i++; }
            else return null;

            var (min, max) = (1, 1);
            if (i < pattern.Length && !TryReadCount(pattern, ref i, out min, out max)) return null;
            parts.Add(new Part(chars, min, max));
        }
        if (parts.Count == 0) return null;
        // Greedy reading is the only reading when each variable part is last, or is followed by
        // a required part with none of its characters.
        for (var p = 0; p < parts.Count - 1; p++)
            if (parts[p].Min != parts[p].Max && (parts[p + 1].Min == 0 || (parts[p].Chars & parts[p + 1].Chars) != UInt128.Zero))
                return null;
        return new SimplePattern([.. parts]);
    }

    /// <summary>Whether the whole text matches, as <c>^(?:pattern)$</c> would say (so a single
    /// final line feed is allowed after the match).</summary>
    public bool IsMatch(ReadOnlySpan<char> text) =>
        MatchesWhole(text) || text.Length > 0 && text[^1] == '\n' && MatchesWhole(text[..^1]);

    /// <summary><see cref="IsMatch(ReadOnlySpan{char})"/> on the UTF-8 bytes of the text, without
    /// decoding: every character of a simple pattern is ASCII, so an ASCII text gives the same
    /// units either way, and a text with any other character fails both, at that character (no
    /// byte of a multi-byte character is ASCII).</summary>
    public bool IsMatch(ReadOnlySpan<byte> utf8) =>
        MatchesWhole(utf8) || utf8.Length > 0 && utf8[^1] == (byte)'\n' && MatchesWhole(utf8[..^1]);

    private bool MatchesWhole<T>(ReadOnlySpan<T> text) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var i = 0;
        foreach (var part in _parts)
        {
            var count = 0;
            while (count < part.Max && i < text.Length && Contains(part.Chars, uint.CreateTruncating(text[i]))) { i++; count++; }
            if (count < part.Min) return false;
        }
        return i == text.Length;
    }

    private static bool Contains(UInt128 chars, uint c) => c < 0x80 && (chars & (UInt128.One << (int)c)) != UInt128.Zero;

    private static UInt128 Bit(char c) => UInt128.One << c;

    private static bool IsMeta(char c) => c is '\\' or '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}' or '#'
        || char.IsWhiteSpace(c) && c != ' ';

    /// <summary>[a-z0-9_] with plain ASCII characters and ranges only.</summary>
    private static bool TryReadClass(string pattern, ref int i, out UInt128 chars)
    {
        chars = UInt128.Zero;
        var close = pattern.IndexOf(']', i + 1);
        if (close < 0) return false;
        var body = pattern.AsSpan(i + 1, close - i - 1);
        if (body.IsEmpty || body[0] == '^' || body[0] == '-' || body[^1] == '-') return false;
        for (var k = 0; k < body.Length; k++)
        {
            var c = body[k];
            if (c >= 0x80 || c is '\\' or '[' or '-') return false;
            if (k + 2 < body.Length && body[k + 1] == '-')
            {
                var last = body[k + 2];
                if (last >= 0x80 || last is '\\' or '[' or '-' || last < c) return false;
                for (var x = c; x <= last; x++) chars |= Bit(x);
                k += 2;
            }
            else chars |= Bit(c);
        }
        i = close + 1;
        return true;
    }

    /// <summary>?, *, +, {n}, {n,} or {n,m} after a part; no count leaves it at exactly one.</summary>
    private static bool TryReadCount(string pattern, ref int i, out int min, out int max)
    {
        (min, max) = (1, 1);
        switch (pattern[i])
        {
            case '?': (min, max) = (0, 1); i++; break;
            case '*': (min, max) = (0, int.MaxValue); i++; break;
            case '+': (min, max) = (1, int.MaxValue); i++; break;
            case '{':
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0) return false;
                var body = pattern.AsSpan(i + 1, close - i - 1);
                var comma = body.IndexOf(',');
                if (comma < 0)
                {
                    if (!TryCount(body, out min)) return false;
                    max = min;
                }
                else
                {
                    if (!TryCount(body[..comma], out min)) return false;
                    if (comma == body.Length - 1) max = int.MaxValue;
                    else if (!TryCount(body[(comma + 1)..], out max) || max < min) return false;
                }
                i = close + 1;
                break;
            }
            default: return true;
        }
        // A lazy or possessive mark after the count is not ours to read.
        return i >= pattern.Length || pattern[i] is not ('?' or '+' or '*' or '{');
    }

    private static bool TryCount(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 4) return false;
        foreach (var d in digits)
        {
            if (!char.IsAsciiDigit(d)) return false;
            value = value * 10 + (d - '0');
        }
        return true;
    }
}
