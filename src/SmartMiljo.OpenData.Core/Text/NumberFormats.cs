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
