namespace SmartMiljo.OpenData.Rdf;

/// <summary>
/// An absolute IRI (RFC 3987). Construction validates, so every writer can emit <see cref="Value"/>
/// without further escaping beyond its own syntax (e.g. <c>&amp;</c> in XML attributes).
/// </summary>
public sealed class Iri : RdfResource
{
    public string Value { get; }

    private Iri(string value) => Value = value;

    /// <summary>Creates an IRI, throwing <see cref="RdfException"/> when it is not an absolute RFC 3987 IRI.</summary>
    public static Iri Create(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var problem = Validate(value);
        if (problem is not null) throw new RdfException($"Not an absolute IRI <{Truncate(value)}>: {problem}.");
        return new Iri(value);
    }

    public static bool TryCreate(string? value, out Iri iri)
    {
        if (value is not null && Validate(value) is null) { iri = new Iri(value); return true; }
        iri = null!;
        return false;
    }

    public static bool IsValid(string? value) => value is not null && Validate(value) is null;

    /// <summary>Returns null when valid, otherwise the reason.</summary>
    public static string? Validate(string value)
    {
        if (value.Length == 0) return "empty";
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        if (!char.IsAsciiLetter(value[0])) return "the scheme must start with a letter";
        int colon = -1;
        for (int i = 1; i < value.Length; i++)
        {
            char c = value[i];
            if (c == ':') { colon = i; break; }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return "no scheme (relative IRIs are not allowed)";
        }
        if (colon < 0) return "no scheme (relative IRIs are not allowed)";
        if (colon == value.Length - 1) return "nothing after the scheme";

        bool fragmentSeen = false;
        for (int i = colon + 1; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case <= ' ' or (>= '\u007F' and <= '\u009F'):
                    return $"control character or space at position {i}";
                case '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`':
                    return $"character '{c}' is not allowed at position {i}";
                case '%':
                    if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                        return $"'%' not followed by two hex digits at position {i}";
                    break;
                case '#':
                    if (fragmentSeen) return $"second '#' at position {i}";
                    fragmentSeen = true;
                    break;
                case '[' or ']':
                    // Only allowed around an IPv6 literal in the authority.
                    if (!InAuthority(value, colon, i)) return $"'{c}' outside the host at position {i}";
                    break;
                default:
                    if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return $"broken surrogate pair at position {i}";
                        i++;
                    }
                    else if (char.IsLowSurrogate(c)) return $"broken surrogate pair at position {i}";
                    else if (c is '\uFFFE' or '\uFFFF' or (>= '\uFDD0' and <= '\uFDEF')) return $"non-character at position {i}";
                    break;
            }
        }
        return null;
    }

    private static bool InAuthority(string value, int colon, int index)
    {
        if (value.Length < colon + 3 || value[colon + 1] != '/' || value[colon + 2] != '/') return false;
        int end = value.IndexOfAny(['/', '?', '#'], colon + 3);
        return end < 0 || index < end;
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";

    public override bool Equals(RdfTerm? other) => other is Iri i && string.Equals(i.Value, Value, StringComparison.Ordinal);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
    public override string ToString() => "<" + Value + ">";

    public static implicit operator string(Iri iri) => iri.Value;
}
