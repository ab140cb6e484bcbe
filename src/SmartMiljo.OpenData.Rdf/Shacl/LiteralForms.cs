using System.Globalization;
using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Rdf.Shacl;

/// <summary>
/// Lexical-form checks for the XSD datatypes catalogues use: SHACL says an ill-formed literal does not
/// have its datatype, which is how "2023-09-27T13:23:15Z"^^xsd:date is caught.
/// </summary>
internal static partial class LiteralForms
{
    public static bool IsWellFormed(Literal literal)
    {
        var v = literal.Lexical;
        return literal.Datatype.Value switch
        {
            Vocab.Xsd.Namespace + "date" => DateRegex().IsMatch(v) && ValidCalendarDate(v),
            Vocab.Xsd.Namespace + "dateTime" => DateTimeRegex().IsMatch(v) && ValidCalendarDate(v),
            Vocab.Xsd.Namespace + "gYear" => GYearRegex().IsMatch(v),
            Vocab.Xsd.Namespace + "gYearMonth" => GYearMonthRegex().IsMatch(v),
            Vocab.Xsd.Namespace + "integer" => IntegerRegex().IsMatch(v),
            Vocab.Xsd.Namespace + "nonNegativeInteger" => IntegerRegex().IsMatch(v) && (!v.StartsWith('-') || v.TrimStart('-', '0').Length == 0),
            Vocab.Xsd.Namespace + "positiveInteger" => IntegerRegex().IsMatch(v) && !v.StartsWith('-') && v.TrimStart('+', '0').Length > 0,
            Vocab.Xsd.Namespace + "decimal" => DecimalRegex().IsMatch(v),
            Vocab.Xsd.Namespace + "double" or Vocab.Xsd.Namespace + "float" => DoubleRegex().IsMatch(v) || v is "INF" or "-INF" or "+INF" or "NaN",
            Vocab.Xsd.Namespace + "boolean" => v is "true" or "false" or "1" or "0",
            Vocab.Xsd.Namespace + "hexBinary" => v.Length % 2 == 0 && v.All(char.IsAsciiHexDigit),
            Vocab.Xsd.Namespace + "duration" => DurationRegex().IsMatch(v) && v != "P" && !v.EndsWith('T'),
            Vocab.Xsd.Namespace + "anyURI" => !v.Any(char.IsWhiteSpace),
            _ => true,
        };
    }

    /// <summary>Rejects 2024-02-30 and the like for ordinary four-digit years (others pass on the regex alone).</summary>
    private static bool ValidCalendarDate(string value) =>
        value.IndexOf('-') != 4 || DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Numeric or temporal comparison for sh:min/maxInclusive/Exclusive; null when incomparable.</summary>
    public static int? Compare(Literal a, Literal b)
    {
        if (decimal.TryParse(a.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            && IsNumeric(a) && IsNumeric(b)) return x.CompareTo(y);
        if (a.Datatype.Equals(b.Datatype) && (a.Datatype.Equals(Vocab.Xsd.Date) || a.Datatype.Equals(Vocab.Xsd.DateTime)))
            return string.CompareOrdinal(a.Lexical, b.Lexical);
        return null;
    }

    private static bool IsNumeric(Literal l) => l.Datatype.Value.StartsWith(Vocab.Xsd.Namespace, StringComparison.Ordinal)
        && l.Datatype.Value[Vocab.Xsd.Namespace.Length..] is "integer" or "decimal" or "double" or "float" or "nonNegativeInteger" or "positiveInteger" or "int" or "long" or "short" or "byte";

    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")] private static partial Regex DateRegex();
    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$|^-?\d{4,}-\d{2}-\d{2}T24:00:00(\.0+)?(Z|[+-]\d{2}:\d{2})?$")] private static partial Regex DateTimeRegex();
    [GeneratedRegex(@"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$")] private static partial Regex GYearRegex();
    [GeneratedRegex(@"^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$")] private static partial Regex GYearMonthRegex();
    [GeneratedRegex(@"^[+-]?\d+$")] private static partial Regex IntegerRegex();
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)$")] private static partial Regex DecimalRegex();
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")] private static partial Regex DoubleRegex();
    [GeneratedRegex(@"^-?P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")] private static partial Regex DurationRegex();
}
