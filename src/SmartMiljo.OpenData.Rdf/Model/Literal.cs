using System.Globalization;

namespace SmartMiljo.OpenData.Rdf;

/// <summary>
/// A literal: a lexical form with a datatype, or a language-tagged string (datatype rdf:langString).
/// Language tags keep the case they were written in and compare case-insensitively, as RDF 1.1 says.
/// </summary>
public sealed class Literal : RdfTerm
{
    public string Lexical { get; }
    public Iri Datatype { get; }
    public string? Language { get; }

    private Literal(string lexical, Iri datatype, string? language)
    {
        Lexical = lexical;
        Datatype = datatype;
        Language = language;
    }

    /// <summary>A plain xsd:string literal.</summary>
    public static Literal Plain(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), Vocab.Xsd.String, null);

    public static Literal Typed(string lexical, Iri datatype)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(datatype);
        if (datatype.Equals(Vocab.Rdf.LangString)) throw new RdfException("rdf:langString literals need a language tag.");
        return new(lexical, datatype, null);
    }

    public static Literal LanguageTagged(string value, string language)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValidLanguageTag(language)) throw new RdfException($"Invalid language tag '{language}'.");
        return new(value, Vocab.Rdf.LangString, language);
    }

    public static Literal Date(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Vocab.Xsd.Date, null);

    /// <summary>An xsd:dateTime in UTC with second precision (what harvesters parse most reliably).</summary>
    public static Literal DateTime(DateTimeOffset value) =>
        new(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime, null);

    public static Literal Integer(long value) => new(value.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer, null);

    public static Literal NonNegativeInteger(long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.");
        return new(value.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.NonNegativeInteger, null);
    }

    public static Literal Decimal(decimal value) => new(value.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Decimal, null);

    public static Literal Boolean(bool value) => new(value ? "true" : "false", Vocab.Xsd.Boolean, null);

    /// <summary>BCP 47 shape: letters, then hyphen-separated alphanumeric subtags of 1–8 characters.</summary>
    public static bool IsValidLanguageTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag)) return false;
        int subtagLength = 0, index = 0;
        bool first = true;
        foreach (char c in tag)
        {
            if (c == '-')
            {
                if (subtagLength == 0) return false;
                first = false;
                subtagLength = 0;
            }
            else if (first ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c))
            {
                if (++subtagLength > 8) return false;
            }
            else return false;
            index++;
        }
        return subtagLength > 0;
    }

    public bool IsLanguageTagged => Language is not null;

    public override bool Equals(RdfTerm? other) =>
        other is Literal l
        && string.Equals(l.Lexical, Lexical, StringComparison.Ordinal)
        && l.Datatype.Equals(Datatype)
        && string.Equals(l.Language, Language, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Lexical), Datatype, Language is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Language));

    public override string ToString() =>
        Language is not null ? $"\"{Lexical}\"@{Language}" :
        Datatype.Equals(Vocab.Xsd.String) ? $"\"{Lexical}\"" : $"\"{Lexical}\"^^{Datatype}";
}
