using System.Globalization;
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
            Pattern = PatternRegex(c.Pattern);
        IsNumeric = field.Type is FieldType.Integer or FieldType.Number or FieldType.Year;
        IsPlainText = field.Type == FieldType.String && Format is null && EnumValues is null && Pattern is null
            && c.MaxLength is null && c.MinLength is null;
        IsPhone = Format == "phone";
        IsOrganisationsnummer = Format == "organisationsnummer";
        Required = c.Required;
        HasConstraints = EnumValues is not null || Pattern is not null || c.Minimum is not null || c.Maximum is not null
            || c.MinLength is not null || c.MaxLength is not null;
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
        var anchored = $"^(?:{pattern})$";
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
        if (Pattern is not null && Field.Type == FieldType.String)
        {
            try { if (!Pattern.IsMatch((string)value)) return "pattern"; }
            catch (RegexMatchTimeoutException) { return "pattern"; }
        }
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
