using System.Globalization;

namespace SmartMiljo.OpenData.Core.Tabular;

/// <summary>
/// The rules of exact decimal values (<see cref="Schemas.FieldType.Decimal"/>): how many digits they may have,
/// their one canonical text, and how two such texts compare. A value has at most <see cref="MaxIntegerDigits"/>
/// digits before the point and <see cref="MaxFractionDigits"/> after it, which every store and format holds
/// exactly (PostgreSQL <c>numeric</c>, .NET <c>decimal</c>, Parquet <c>DECIMAL(38,18)</c>); values are kept
/// without trailing zeros, so equal numbers have equal text and group together in every store.
/// </summary>
public static class ExactDecimal
{
    public const int MaxIntegerDigits = 20;
    public const int MaxFractionDigits = 18;

    /// <summary>The precision of a decimal column where a format needs one (Parquet).</summary>
    public const int Precision = MaxIntegerDigits + MaxFractionDigits;

    private static readonly decimal Limit = 100_000_000_000_000_000_000m; // 10^20

    /// <summary>Reads invariant text ("-12345.67", "1.5E3"), or false when it is not a number or has too many digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        value = Normalise(value);
        return Fits(value);
    }

    /// <summary>Whether a value has at most the allowed digits before and after the point.</summary>
    public static bool Fits(decimal value) => Math.Abs(value) < Limit && value.Scale <= MaxFractionDigits;

    /// <summary>The same number without trailing zeros in its fraction (12.50 becomes 12.5, 3.00 becomes 3).</summary>
    public static decimal Normalise(decimal value)
    {
        if (value.Scale == 0) return value;
        var normalised = value / 1.000000000000000000000000000000000m;
        return normalised == 0 ? 0m : normalised;
    }

    /// <summary>The canonical text: invariant, a point, no exponent, no trailing zeros ("-12345.67").</summary>
    public static string Text(decimal value) => Normalise(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Orders two texts by the numbers they hold; a text that is no number sorts after every number
    /// (ordinally among such texts), so the order is total whatever a table holds.</summary>
    public static int Compare(string? left, string? right)
    {
        var leftIsNumber = decimal.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var l);
        var rightIsNumber = decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var r);
        return (leftIsNumber, rightIsNumber) switch
        {
            (true, true) => l.CompareTo(r),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(left, right),
        };
    }
}
