using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Identifiers;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>Whether a cell was read as its type, read after normalising a Swedish or informal form
/// (decimal comma, <c>ja</c>, <c>28/5 2021</c>), or not read.</summary>
public enum ParseOutcome { Ok, Normalised, Invalid }

public delegate ParseOutcome CellParser(string text, out object? value);

/// <summary>
/// Typed readers for every Table Schema type and our Swedish formats. Each returns the CLR value
/// fixed by <see cref="FieldTypeClr"/>. Leading and trailing blanks are tolerated for typed values.
/// </summary>
public static class CellParsers
{
    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");
    private static readonly TimeZoneInfo Stockholm = FindStockholm();

    private static readonly string[] SwedishDateFormats =
        ["yyyy-M-d", "yyyyMMdd", "yyyy/M/d", "yyyy.M.d", "d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d MMMM yyyy", "d MMM yyyy", "d/M yyyy"];

    private static readonly string[] LocalDateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH.mm", "d/M/yyyy HH:mm"];

    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm", "H:mm", "HH.mm", "H.mm", "HH:mm:ss.FFFFFFF"];

    public static CellParser For(FieldDefinition field) => field.Type switch
    {
        FieldType.String => StringParser(field.Format),
        FieldType.Integer => Integer,
        FieldType.Number => Number,
        FieldType.Boolean => Boolean,
        FieldType.Date => Date,
        FieldType.DateTime => DateTime,
        FieldType.Time => Time,
        FieldType.Year => Year,
        FieldType.GeoPoint => GeoPoint,
        FieldType.Geometry => Geometry,
        FieldType.Decimal => Decimal,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, null),
    };

    internal static string? NormaliseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "default" or "any" => null,
        "url" or "uri" => "uri",
        "email" => "email",
        "phone" or "telephone" => "phone",
        "kommunkod" => "kommunkod",
        "organisationsnummer" or "orgnr" => "organisationsnummer",
        var other => other,
    };

    private static CellParser StringParser(string? format) => NormaliseFormat(format) switch
    {
        "email" => Email,
        "uri" => Uri,
        "phone" => Phone,
        "kommunkod" => Kommunkod,
        "organisationsnummer" => Organisationsnummer,
        _ => PlainString,
    };

    public static ParseOutcome PlainString(string text, out object? value) { value = text; return ParseOutcome.Ok; }

    public static ParseOutcome Integer(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        if (long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { value = l; return ParseOutcome.Ok; }
        value = null;
        return ParseOutcome.Invalid;
    }

    public static ParseOutcome Number(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        if (span.IndexOf(',') < 0)
        {
            if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            { value = d; return ParseOutcome.Ok; }
            value = null;
            return ParseOutcome.Invalid;
        }
        // Decimal comma (12,5): valid only as the single separator, with no point beside it.
        if (span.Length > 64 || span.IndexOf('.') >= 0 || span.Count(',') != 1) { value = null; return ParseOutcome.Invalid; }
        Span<char> copy = stackalloc char[span.Length];
        span.CopyTo(copy);
        copy[copy.IndexOf(',')] = '.';
        if (double.TryParse(copy, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && double.IsFinite(c))
        { value = c; return ParseOutcome.Normalised; }
        value = null;
        return ParseOutcome.Invalid;
    }

    /// <summary>An exact decimal (see <see cref="ExactDecimal"/>), with a decimal comma normalised as for
    /// <see cref="Number"/>; trailing zeros are dropped (12.50 is 12.5), which is the same number.</summary>
    public static ParseOutcome Decimal(string text, out object? value)
    {
        value = null;
        var span = text.AsSpan().Trim();
        if (span.Length > 64) return ParseOutcome.Invalid;
        var outcome = ParseOutcome.Ok;
        Span<char> copy = stackalloc char[span.Length];
        span.CopyTo(copy);
        if (span.IndexOf(',') >= 0)
        {
            if (span.IndexOf('.') >= 0 || span.Count(',') != 1) return ParseOutcome.Invalid;
            copy[copy.IndexOf(',')] = '.';
            outcome = ParseOutcome.Normalised;
        }
        if (!ExactDecimal.TryParse(copy, out var exact)) return ParseOutcome.Invalid;
        value = exact;
        return outcome;
    }

    public static ParseOutcome Boolean(string text, out object? value)
    {
        // The canonical spellings fill nearly every boolean column: settle them with one switch.
        switch (text)
        {
            case "true": value = BoxedTrue; return ParseOutcome.Ok;
            case "false": value = BoxedFalse; return ParseOutcome.Ok;
        }
        var span = text.AsSpan().Trim();
        // Canonical Table Schema values first: the common case stays cheap.
        if (span.Equals("true", StringComparison.Ordinal)) { value = BoxedTrue; return ParseOutcome.Ok; }
        if (span.Equals("false", StringComparison.Ordinal)) { value = BoxedFalse; return ParseOutcome.Ok; }
        if (span.Equals("TRUE", StringComparison.Ordinal) || span.Equals("True", StringComparison.Ordinal) || span.Equals("1", StringComparison.Ordinal))
        { value = BoxedTrue; return ParseOutcome.Ok; }
        if (span.Equals("FALSE", StringComparison.Ordinal) || span.Equals("False", StringComparison.Ordinal) || span.Equals("0", StringComparison.Ordinal))
        { value = BoxedFalse; return ParseOutcome.Ok; }
        foreach (var t in SwedishTrue)
            if (span.Equals(t, StringComparison.OrdinalIgnoreCase)) { value = BoxedTrue; return ParseOutcome.Normalised; }
        foreach (var f in SwedishFalse)
            if (span.Equals(f, StringComparison.OrdinalIgnoreCase)) { value = BoxedFalse; return ParseOutcome.Normalised; }
        value = null;
        return ParseOutcome.Invalid;
    }

    private static readonly string[] SwedishTrue = ["ja", "j", "y", "yes", "sant", "true"];
    private static readonly string[] SwedishFalse = ["nej", "n", "no", "falskt", "false"];
    internal static readonly object BoxedTrue = true;
    internal static readonly object BoxedFalse = false;

    public static ParseOutcome Date(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        if (TryIsoDate(span, out var iso)) { value = iso; return ParseOutcome.Ok; }
        if (DateOnly.TryParseExact(span, SwedishDateFormats, Sv, DateTimeStyles.AllowWhiteSpaces, out var d))
        { value = d; return ParseOutcome.Normalised; }
        value = null;
        return ParseOutcome.Invalid;
    }

    /// <summary>YYYY-MM-DD by hand: the common case, several times faster than the general parser.</summary>
    internal static bool TryIsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        if (!TwoDigits(s[0], s[1], out var c) || !TwoDigits(s[2], s[3], out var y) || !TwoDigits(s[5], s[6], out var month) || !TwoDigits(s[8], s[9], out var day))
            return false;
        var year = c * 100 + y;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary><see cref="TryIsoDate(ReadOnlySpan{char}, out DateOnly)"/> on UTF-8 bytes: each byte
    /// taken as a character gives the decoded text when it is ASCII, and a non-ASCII byte fails
    /// the date as its character would (neither is a digit or a hyphen).</summary>
    internal static bool TryIsoDate(ReadOnlySpan<byte> utf8, out DateOnly date)
    {
        date = default;
        if (utf8.Length != 10) return false;
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < 10; i++) chars[i] = (char)utf8[i];
        return TryIsoDate(chars, out date);
    }

    private static bool TwoDigits(char a, char b, out int value)
    {
        value = (a - '0') * 10 + (b - '0');
        return char.IsAsciiDigit(a) && char.IsAsciiDigit(b);
    }

    public static ParseOutcome DateTime(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        var hasOffset = span.Length > 10 && (span[^1] is 'Z' or 'z' || HasOffset(span));
        if (hasOffset && DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto) && span.Contains('T'))
        { value = dto; return ParseOutcome.Ok; }
        if (hasOffset && DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.None, out var spaced))
        { value = spaced; return ParseOutcome.Normalised; }
        // No offset: Swedish local time is what municipal systems mean.
        if (System.DateTime.TryParseExact(span, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, Stockholm.GetUtcOffset(local));
            return ParseOutcome.Normalised;
        }
        value = null;
        return ParseOutcome.Invalid;
    }

    private static bool HasOffset(ReadOnlySpan<char> span)
    {
        // ...+01:00 / -0100
        var tail = span.Length >= 6 ? span[^6..] : span;
        return tail.IndexOfAny('+', '-') >= 0 && tail.IndexOf(':') >= 0 || span.Length >= 5 && span[^5] is '+' or '-';
    }

    public static ParseOutcome Time(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        if (TimeOnly.TryParseExact(span, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            value = t;
            return span.IndexOf('.') == 2 || span.IndexOf('.') == 1 ? ParseOutcome.Normalised : ParseOutcome.Ok;
        }
        value = null;
        return ParseOutcome.Invalid;
    }

    public static ParseOutcome Year(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        if (span.Length == 4 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var y)) { value = y; return ParseOutcome.Ok; }
        value = null;
        return ParseOutcome.Invalid;
    }

    /// <summary>"lat, lon", "lon, lat", "[a, b]" or "POINT(lon lat)". Inside Sweden latitude
    /// (55–69) and longitude (11–24) never overlap, so the order is read from the values; outside
    /// Sweden the Table Schema default (lon, lat) is assumed and the geography check reports it.</summary>
    public static ParseOutcome GeoPoint(string text, out object? value)
    {
        value = null;
        var span = text.AsSpan().Trim();
        var wkt = span.StartsWith("POINT", StringComparison.OrdinalIgnoreCase);
        if (wkt) span = span[5..].Trim();
        if (span.Length > 2 && (span[0] == '[' && span[^1] == ']' || span[0] == '(' && span[^1] == ')')) span = span[1..^1];
        var sep = wkt ? span.IndexOf(' ') : span.IndexOf(',');
        if (sep < 0) sep = span.IndexOf(';');
        if (sep < 0) return ParseOutcome.Invalid;
        if (!double.TryParse(span[..sep].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ||
            !double.TryParse(span[(sep + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return ParseOutcome.Invalid;
        if (wkt) { value = new GeoPoint(b, a); return ParseOutcome.Ok; }
        var aIsLat = Geography.SwedenBounds.IsLatitude(a) && Geography.SwedenBounds.IsLongitude(b);
        value = aIsLat ? new GeoPoint(a, b) : new GeoPoint(b, a);
        return ParseOutcome.Ok;
    }

    /// <summary>A geometry as GeoJSON or WKT in WGS84 longitude, latitude; its validity is checked apart
    /// (<see cref="Geography.GeometryCheck"/>), where each fault gets its own message.</summary>
    public static ParseOutcome Geometry(string text, out object? value)
    {
        value = GeometryText.Parse(text);
        return value is null ? ParseOutcome.Invalid : ParseOutcome.Ok;
    }

    public static ParseOutcome Email(string text, out object? value)
    {
        value = text;
        return EmailOutcome(text);
    }

    internal static ParseOutcome EmailOutcome(ReadOnlySpan<char> text)
    {
        var span = text.Trim();
        var at = span.IndexOf('@');
        if (at <= 0 || at != span.LastIndexOf('@') || span.IndexOfAny(' ', ',', ';') >= 0) return ParseOutcome.Invalid;
        var domain = span[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 2 ? (span.Length == text.Length ? ParseOutcome.Ok : ParseOutcome.Normalised) : ParseOutcome.Invalid;
    }

    public static ParseOutcome Uri(string text, out object? value)
    {
        value = text;
        if (LooksLikeWebAddress(text)) return ParseOutcome.Ok;
        var trimmed = text.Trim();
        if (System.Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) &&
            (uri.Scheme == "http" || uri.Scheme == "https" || uri.Scheme == "ftp") && uri.Host.Contains('.'))
            return trimmed.Length == text.Length ? ParseOutcome.Ok : ParseOutcome.Normalised;
        return ParseOutcome.Invalid;
    }

    /// <summary>The common case checked without System.Uri: http(s)://, an ASCII host name with a
    /// dot, an optional port, then a path without blanks or control characters. Anything else
    /// (IDN hosts, odd forms) goes to System.Uri.</summary>
    internal static bool LooksLikeWebAddress(ReadOnlySpan<char> span)
    {
        int start;
        if (span.StartsWith("https://", StringComparison.Ordinal)) start = 8;
        else if (span.StartsWith("http://", StringComparison.Ordinal)) start = 7;
        else return false;
        var rest = span[start..];
        var end = rest.IndexOfAny('/', '?', '#');
        var host = end < 0 ? rest : rest[..end];
        var colon = host.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return false;
            host = host[..colon];
        }
        if (host.Length < 3 || host[0] == '.' || host[0] == '-' || host[^1] == '.' || host.IndexOf('.') < 0) return false;
        foreach (var c in host)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.')) return false;
        if (end < 0) return true;
        foreach (var c in rest[end..])
            if (c <= ' ' || c == '\u007F' || c == '"' || c == '<' || c == '>') return false;
        return true;
    }

    public static ParseOutcome Phone(string text, out object? value)
    {
        value = text;
        return PhoneOutcome(text);
    }

    internal static ParseOutcome PhoneOutcome(ReadOnlySpan<char> text)
    {
        var digits = 0;
        var span = text.Trim();
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '+' && i == 0) { }
            else if (c is not (' ' or '-' or '(' or ')' or '/' or '\u00A0')) return ParseOutcome.Invalid;
        }
        return digits is >= 5 and <= 15 ? ParseOutcome.Ok : ParseOutcome.Invalid;
    }

    public static ParseOutcome Kommunkod(string text, out object? value)
    {
        var span = text.AsSpan().Trim();
        value = text;
        if (span.Length == 3 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out _) && Kommunkoder.Exists("0" + span.ToString()))
        {
            // "114" is "0114" with its leading zero lost to a spreadsheet.
            value = "0" + span.ToString();
            return ParseOutcome.Normalised;
        }
        if (span.Length != 4 || !Kommunkoder.Exists(span.ToString())) return ParseOutcome.Invalid;
        value = span.Length == text.Length ? text : span.ToString();
        return ParseOutcome.Ok;
    }

    public static ParseOutcome Organisationsnummer(string text, out object? value)
    {
        value = text;
        var digits = SwedishIds.TenDigits(text);
        if (digits is null || !SwedishIds.LuhnValid(digits)) return ParseOutcome.Invalid;
        // A sole trader's number is a personnummer; it parses, and the personal-data check flags it.
        return ParseOutcome.Ok;
    }

    private static TimeZoneInfo FindStockholm()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Without tzdata: CET/CEST rules are what Sweden uses.
            return TimeZoneInfo.CreateCustomTimeZone("CET-fallback", TimeSpan.FromHours(1), "CET", "CET");
        }
    }
}
