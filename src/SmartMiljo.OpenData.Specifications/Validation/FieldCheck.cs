using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>What is known in advance about checking one schema field: its parser and its
/// constraints, prepared once so the per-cell work is small.</summary>
internal sealed class FieldCheck
{
    public FieldDefinition Field { get; }
    public int Index { get; }
    public CellParser Parse { get; }
    public string? Format { get; }
    public HashSet<string>? EnumValues { get; }
    public Regex? Pattern { get; }
    public bool IsNumeric { get; }
    public bool IsPlainText { get; }
    public bool IsPhone { get; }
    public bool IsOrganisationsnummer { get; }
    public bool Required { get; }

    /// <summary>False when no constraint beyond the type applies: the check is skipped.</summary>
    public bool HasConstraints { get; }

    /// <summary>Values read after normalising (decimal comma, ja/nej, Swedish dates).</summary>
    public long NormalisedCount { get; set; }
    public string? NormalisedExample { get; set; }

    public FieldCheck(FieldDefinition field, int index)
    {
        Field = field;
        Index = index;
        Parse = CellParsers.For(field);
        Format = CellParsers.NormaliseFormat(field.Format);
        var c = field.Constraints;
        if (c.Enum is { Count: > 0 }) EnumValues = new HashSet<string>(c.Enum, StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(c.Pattern))
        {
            Pattern = PatternRegex(c.Pattern);
            _simplePattern = SimplePattern.TryCreate(c.Pattern);
        }
        IsNumeric = field.Type is FieldType.Integer or FieldType.Number or FieldType.Year or FieldType.Decimal;
        IsPlainText = field.Type == FieldType.String && Format is null && EnumValues is null && Pattern is null
            && c.MaxLength is null && c.MinLength is null;
        IsPhone = Format == "phone";
        IsOrganisationsnummer = Format == "organisationsnummer";
        Required = c.Required;
        HasConstraints = EnumValues is not null || Pattern is not null || c.Minimum is not null || c.Maximum is not null
            || c.MinLength is not null || c.MaxLength is not null;
        if (EnumValues is not null) _enumLookup = EnumValues.GetAlternateLookup<ReadOnlySpan<char>>();
        _utf8Kind = Utf8KindOf(field.Type, Format, EnumValues is not null);
        IsUncheckedText = _utf8Kind == Utf8Kind.Text && !HasConstraints;
        IsPlainBoolean = _utf8Kind == Utf8Kind.Boolean && !HasConstraints;
        if (EnumValues is null && c.MinLength is null && c.MaxLength is null) _patternOnly = _simplePattern;
    }

    /// <summary>Text without format or constraints: any cell that is not missing is valid as written.</summary>
    public bool IsUncheckedText { get; }

    /// <summary>A boolean without constraints: "true" and "false" are valid as written.</summary>
    public bool IsPlainBoolean { get; }

    private enum Utf8Kind { None, Text, Uri, Email, Phone, Boolean, Number, Integer, Year, Date }

    private readonly Utf8Kind _utf8Kind;

    /// <summary>The pattern read directly, when it is simple enough (see <see cref="SimplePattern"/>); else null.</summary>
    private readonly SimplePattern? _simplePattern;

    /// <summary><see cref="_simplePattern"/> when it is the field's only constraint: then a text
    /// cell is checked on its bytes, with no decoding (<see cref="SimplePattern.IsMatch(ReadOnlySpan{byte})"/>).</summary>
    private readonly SimplePattern? _patternOnly;

    private bool MatchesPattern(ReadOnlySpan<char> value)
    {
        if (_simplePattern is not null) return _simplePattern.IsMatch(value);
        try { return Pattern!.IsMatch(value); }
        catch (RegexMatchTimeoutException) { return false; }
    }
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _enumLookup;

    /// <summary>Which types and formats have a UTF-8 fast lane. Kommunkoder and organisation
    /// numbers (lookups, personal data), times, date-times and points always take the string path,
    /// and so do enums on non-text types (compared as trimmed text, rare).</summary>
    private static Utf8Kind Utf8KindOf(FieldType type, string? format, bool hasEnum) => (type, format) switch
    {
        (FieldType.String, null) => Utf8Kind.Text,
        (FieldType.String, "uri") => Utf8Kind.Uri,
        (FieldType.String, "email") => Utf8Kind.Email,
        (FieldType.String, "phone") => Utf8Kind.Phone,
        (FieldType.String, _) => Utf8Kind.None,
        _ when hasEnum => Utf8Kind.None,
        (FieldType.Boolean, _) => Utf8Kind.Boolean,
        (FieldType.Number, _) => Utf8Kind.Number,
        (FieldType.Integer, _) => Utf8Kind.Integer,
        (FieldType.Year, _) => Utf8Kind.Year,
        (FieldType.Date, _) => Utf8Kind.Date,
        _ => Utf8Kind.None,
    };

    /// <summary>
    /// The fast lane of <see cref="Read"/> for a cell still in UTF-8 bytes (not missing, not
    /// starting with a blank). It answers only when the cell reads as its type exactly as written
    /// and meets every constraint, which is what <see cref="Read"/> would then say too; anything
    /// else (an error, a value to normalise, a rarer type) is <see cref="Utf8Read.Undecided"/> and
    /// the caller reads the cell as a string, which also reports. <paramref name="value"/> is the
    /// typed value when <paramref name="wantValue"/>; for <see cref="Utf8Read.Text"/> the value is
    /// the cell's text itself, which the caller makes only if it needs it.
    /// </summary>
    public Utf8Read ReadUtf8(ReadOnlySpan<byte> utf8, Utf8CellText text, ValueNeed need, out object? value)
    {
        var wantValue = need != ValueNeed.None;
        value = null;
        switch (_utf8Kind)
        {
            case Utf8Kind.Boolean:
                // Only the canonical spellings; Swedish ones are normalised, and reported as such, on the string path.
                if (utf8.SequenceEqual("true"u8) || utf8.SequenceEqual("TRUE"u8) || utf8.SequenceEqual("True"u8) || utf8.SequenceEqual("1"u8)) value = CellParsers.BoxedTrue;
                else if (utf8.SequenceEqual("false"u8) || utf8.SequenceEqual("FALSE"u8) || utf8.SequenceEqual("False"u8) || utf8.SequenceEqual("0"u8)) value = CellParsers.BoxedFalse;
                else return Utf8Read.Undecided;
                return HasConstraints ? Utf8Read.Undecided : Utf8Read.Value;

            case Utf8Kind.Number:
            {
                // ASCII without a comma parses byte for byte as the trimmed text would (a decimal comma is normalised, on the string path).
                if (!TryParsePlainDecimal(utf8, out var d))
                {
                    if (!Ascii.IsValid(utf8) || utf8.Contains((byte)',')) return Utf8Read.Undecided;
                    if (!double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out d) || !double.IsFinite(d)) return Utf8Read.Undecided;
                }
                if (!WithinRange(d)) return Utf8Read.Undecided;
                if (wantValue) value = Box(d, need);
                return Utf8Read.Value;
            }

            case Utf8Kind.Integer:
            {
                if (!long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) || !WithinRange(l)) return Utf8Read.Undecided;
                if (wantValue) value = Box(l, need);
                return Utf8Read.Value;
            }

            case Utf8Kind.Year:
            {
                if (utf8.Length != 4 || !int.TryParse(utf8, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || !WithinRange(y)) return Utf8Read.Undecided;
                if (wantValue) value = Box(y, need);
                return Utf8Read.Value;
            }

            case Utf8Kind.Date:
            {
                if (!CellParsers.TryIsoDate(utf8, out var date)) return Utf8Read.Undecided;
                if (wantValue) value = Box(date, need);
                return Utf8Read.Value;
            }

            case Utf8Kind.Text:
                if (!HasConstraints) return Utf8Read.Text;
                if (IsLastValidText(utf8)) return Utf8Read.Text;
                if (_patternOnly is not null) return _patternOnly.IsMatch(utf8) ? RememberValidText(utf8) : Utf8Read.Undecided;
                return TextConstraintsHold(text.Decode(utf8)) ? RememberValidText(utf8) : Utf8Read.Undecided;

            case Utf8Kind.Uri or Utf8Kind.Email or Utf8Kind.Phone when IsLastValidText(utf8):
                return Utf8Read.Text;

            case Utf8Kind.Uri:
            {
                var chars = text.Decode(utf8);
                return CellParsers.LooksLikeWebAddress(chars) && TextConstraintsHold(chars) ? RememberValidText(utf8) : Utf8Read.Undecided;
            }

            case Utf8Kind.Email:
            {
                var chars = text.Decode(utf8);
                return CellParsers.EmailOutcome(chars) == ParseOutcome.Ok && TextConstraintsHold(chars) ? RememberValidText(utf8) : Utf8Read.Undecided;
            }

            case Utf8Kind.Phone:
            {
                var chars = text.Decode(utf8);
                return CellParsers.PhoneOutcome(chars) == ParseOutcome.Ok && TextConstraintsHold(chars) ? RememberValidText(utf8) : Utf8Read.Undecided;
            }

            default:
                return Utf8Read.Undecided;
        }
    }

    // The last short text found valid, as bytes. Columns repeat values (postcodes, towns, one
    // phone number for the whole file): the same bytes are the same text, and valid again.
    private readonly byte[] _lastValidText = new byte[32];
    private int _lastValidTextLength = -1;

    private bool IsLastValidText(ReadOnlySpan<byte> utf8) =>
        utf8.Length == _lastValidTextLength && utf8.SequenceEqual(_lastValidText.AsSpan(0, _lastValidTextLength));

    private Utf8Read RememberValidText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= _lastValidText.Length)
        {
            utf8.CopyTo(_lastValidText);
            _lastValidTextLength = utf8.Length;
        }
        return Utf8Read.Text;
    }

    // See ValueNeed.Reused: one box per field, overwritten row after row.
    private object? _box;

    private object Box<T>(T value, ValueNeed need) where T : struct
    {
        if (need == ValueNeed.Fresh) return value;
        if (_box is T) System.Runtime.CompilerServices.Unsafe.Unbox<T>(_box) = value;
        else _box = value;
        return _box;
    }

    /// <summary><see cref="ViolatedConstraint"/> for a text value given as characters: true when none is violated.</summary>
    private bool TextConstraintsHold(ReadOnlySpan<char> value)
    {
        if (!HasConstraints) return true;
        if (EnumValues is not null && !_enumLookup.Contains(value)) return false;
        if (Pattern is not null && !MatchesPattern(value)) return false;
        var c = Field.Constraints;
        if (c.MinLength is { } minLength && value.Length < minLength) return false;
        if (c.MaxLength is { } maxLength && value.Length > maxLength) return false;
        return true;
    }

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// The common shape of a number, -?digits(.digits)? with at most fifteen digits, read
    /// directly: the digits as an integer are exact in a double (below 2^53), and so is the power
    /// of ten, so one division gives the correctly rounded value, the very value
    /// <see cref="double.Parse(string)"/> gives. Any other shape returns false.
    /// </summary>
    internal static bool TryParsePlainDecimal(ReadOnlySpan<byte> utf8, out double value)
    {
        value = 0;
        var i = utf8.Length > 0 && utf8[0] == (byte)'-' ? 1 : 0;
        long mantissa = 0;
        var digits = 0;
        var decimals = -1;
        for (; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if ((uint)(b - '0') <= 9)
            {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (decimals >= 0) decimals++;
            }
            else if (b == (byte)'.' && decimals < 0) decimals = 0;
            else return false;
        }
        if (digits == 0 || digits > 15) return false;
        value = decimals > 0 ? mantissa / PowersOfTen[decimals] : mantissa;
        if (utf8[0] == (byte)'-') value = -value;
        return true;
    }

    /// <summary><see cref="ViolatedConstraint"/> for a number: true when its minimum and maximum hold.</summary>
    private bool WithinRange(double number)
    {
        var c = Field.Constraints;
        return !(c.Minimum is { } min && number < min) && !(c.Maximum is { } max && number > max);
    }

    // The last cell read, and what it gave. The CSV reader hands out one shared instance for each
    // short repeated value ("true", "lake", "SE"), so a reference check skips parsing them again.
    private string? _lastRaw;
    private (ParseOutcome, object?, string?) _lastRead;

    /// <summary>Parses a cell and checks its constraints: the outcome, the typed value, and the
    /// violated constraint's name (null when all hold or the cell did not parse).</summary>
    public (ParseOutcome Outcome, object? Value, string? Constraint) Read(string raw)
    {
        if (ReferenceEquals(raw, _lastRaw)) return _lastRead;
        var outcome = Parse(raw, out var value);
        var constraint = outcome != ParseOutcome.Invalid && HasConstraints ? ViolatedConstraint(raw, value!) : null;
        _lastRaw = raw;
        return _lastRead = (outcome, value, constraint);
    }

    /// <summary>
    /// The non-backtracking engine runs in time linear in the input, so it needs no match timeout,
    /// whose per-call set-up cost more than the match itself. Patterns it cannot run
    /// (backreferences, lookarounds) fall back to the backtracking engine with a timeout.
    /// </summary>
    private static Regex PatternRegex(string pattern)
    {
        // Table Schema patterns match the whole value. "\A(?:p)\n?\z" is the same test as "^(?:p)$"
        // ("$" also matches before a final line feed) but is cheaper for the non-backtracking engine.
        var anchored = $"\\A(?:{pattern})\\n?\\z";
        try { return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking); }
        catch (NotSupportedException)
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The violated constraint's name, or null when all hold. The value is already typed.</summary>
    public string? ViolatedConstraint(string raw, object value)
    {
        var c = Field.Constraints;
        if (EnumValues is not null && !EnumValues.Contains(value as string ?? raw.Trim())) return "enum";
        if (Pattern is not null && Field.Type == FieldType.String && !MatchesPattern((string)value)) return "pattern";
        if (IsNumeric && (c.Minimum is not null || c.Maximum is not null))
        {
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (c.Minimum is { } min && number < min) return "minimum";
            if (c.Maximum is { } max && number > max) return "maximum";
        }
        if (value is string s)
        {
            if (c.MinLength is { } minLength && s.Length < minLength) return "minLength";
            if (c.MaxLength is { } maxLength && s.Length > maxLength) return "maxLength";
        }
        return null;
    }
}

/// <summary>What <see cref="FieldCheck.ReadUtf8"/> settled: nothing (read the cell as a string),
/// a typed value, or a valid text whose value is the cell's text.</summary>
internal enum Utf8Read { Undecided, Value, Text }

/// <summary>Whether <see cref="FieldCheck.ReadUtf8"/> is to make the typed value: not at all, as
/// a new object (rows for a sink keep it), or in a box the field reuses row after row (validation
/// only: the row checks read it at once and nothing keeps it), which spares a million small
/// objects per numeric column.</summary>
internal enum ValueNeed { None, Fresh, Reused }

/// <summary>Decodes one UTF-8 cell at a time into a reused buffer, exactly as the reader would
/// decode it into a string, so that checks on characters need no string. The span is valid
/// until the next call.</summary>
internal sealed class Utf8CellText
{
    private char[] _chars = new char[256];

    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        // UTF-8 never gives more UTF-16 units than it has bytes.
        if (utf8.Length > _chars.Length) _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        var n = Encoding.UTF8.GetChars(utf8, _chars);
        return _chars.AsSpan(0, n);
    }
}
