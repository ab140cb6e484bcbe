namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>How much an issue weighs. Errors exclude a row; blocking issues stop publication.</summary>
public enum IssueSeverity { Warning, Error, Blocking }

/// <summary>One problem found, located by data row (1 = first row after the header) and column,
/// explained in Swedish and English with a hint on how to fix it.</summary>
public sealed record ValidationIssue
{
    public required string Code { get; init; }
    public required IssueSeverity Severity { get; init; }

    /// <summary>Data row number (the first row after the header is 1; it is line 2 in a spreadsheet).
    /// Null for issues about the whole file or a whole column.</summary>
    public long? Row { get; init; }

    /// <summary>The column as named in the file (or the field name when the column is missing).</summary>
    public string? Column { get; init; }

    /// <summary>1-based column position in the file, when known.</summary>
    public int? ColumnNumber { get; init; }

    /// <summary>The offending value, shortened when long.</summary>
    public string? Value { get; init; }

    public required string Message { get; init; }
    public required string MessageEn { get; init; }
    public string? Hint { get; init; }
    public string? HintEn { get; init; }
}

/// <summary>
/// Issue codes. Where Frictionless has a name for the problem we use it; the rest are ours and
/// say what they mean.
/// </summary>
public static class IssueCodes
{
    // Frictionless names.
    public const string BlankLabel = "blank-label";
    public const string DuplicateLabel = "duplicate-label";
    public const string IncorrectLabel = "incorrect-label";
    public const string MissingLabel = "missing-label";
    public const string ExtraLabel = "extra-label";
    public const string ExtraCell = "extra-cell";
    public const string MissingCell = "missing-cell";
    public const string BlankRow = "blank-row";
    public const string DuplicateRow = "duplicate-row";
    public const string TypeError = "type-error";
    public const string ConstraintError = "constraint-error";
    public const string UniqueError = "unique-error";
    public const string PrimaryKey = "primary-key";
    public const string EncodingError = "encoding-error";
    public const string SourceError = "source-error";
    public const string FormatError = "format-error";

    // Ours.
    public const string EmptyFile = "empty-file";
    public const string NoRows = "no-rows";
    public const string TooManyInvalidRows = "too-many-invalid-rows";
    public const string PersonalData = "personal-data";
    public const string ValueNormalised = "value-normalised";
    public const string MisplacedDelimiter = "misplaced-delimiter";
    public const string MalformedQuotes = "malformed-quotes";
    public const string MixedEncoding = "mixed-encoding";
    public const string CoordinatesConverted = "coordinates-converted";
    public const string CoordinatesSwapped = "coordinates-swapped";
    public const string CoordinatesOutsideSweden = "coordinates-outside-sweden";
    public const string InvalidGeometry = "invalid-geometry";
    public const string GeometryRepaired = "geometry-repaired";
    public const string UnknownSpecification = "unknown-specification";
}
