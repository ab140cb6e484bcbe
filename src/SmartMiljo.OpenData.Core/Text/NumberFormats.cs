using System.Globalization;

namespace SmartMiljo.OpenData.Core.Text;

/// <summary>How numbers are written for people: Swedish groups thousands with a non-breaking space and
/// writes decimals with a comma ("2 000", "3,5"); English with a comma and a point ("2,000", "3.5").
/// Fixed here rather than taken from the machine's ICU data, so pages, reports and files read the same
/// on every server.</summary>
public static class NumberFormats
{
    /// <summary>The Swedish thousands separator: a non-breaking space, so "2 000" never breaks over two lines.</summary>
    public const string SwedishGroupSeparator = "\u00A0";

    public static CultureInfo Swedish { get; } = Build("sv-SE", SwedishGroupSeparator, ",");

    public static CultureInfo English { get; } = Build("en-GB", ",", ".");

    /// <summary>A whole number grouped in thousands, in the chosen language.</summary>
    public static string Whole(long value, bool english) => value.ToString("N0", english ? English : Swedish);

    /// <summary>A count with its noun in the number it takes: "1 rad", "2 000 rader"; "1 row", "2,000 rows". The one
    /// place a count meets its noun, so no page, message or e-mail says "1 värden".</summary>
    public static string Count(long value, string one, string many, bool english) => $"{Whole(value, english)} {(value == 1 ? one : many)}";

    /// <summary>A Swedish count (<see cref="Count"/>).</summary>
    public static string CountSv(long value, string one, string many) => Count(value, one, many, english: false);

    /// <summary>An English count (<see cref="Count"/>).</summary>
    public static string CountEn(long value, string one, string many) => Count(value, one, many, english: true);

    private static CultureInfo Build(string name, string group, string decimals)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        var numbers = culture.NumberFormat;
        numbers.NumberGroupSeparator = numbers.PercentGroupSeparator = numbers.CurrencyGroupSeparator = group;
        numbers.NumberDecimalSeparator = numbers.PercentDecimalSeparator = numbers.CurrencyDecimalSeparator = decimals;
        numbers.NegativeSign = "-";
        return CultureInfo.ReadOnly(culture);
    }
}
