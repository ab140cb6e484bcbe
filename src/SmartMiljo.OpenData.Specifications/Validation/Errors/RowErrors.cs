using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

// A row's errors: one record per type.

/// <summary>A row with nothing in it.</summary>
internal sealed record BlankRowError : ValidationError
{
    public override string Code => IssueCodes.BlankRow;
    public override IssueSeverity Severity => IssueSeverity.Error;
    protected override IssueText Text() => ValidationMessages.BlankRow(Row!.Value);
}

/// <summary>A filled cell beyond the header's last column.</summary>
internal sealed record ExtraCellError(string Raw) : ValidationError
{
    public override string Code => IssueCodes.ExtraCell;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Suggestions.Shorten(Raw);
    protected override IssueText Text() => ValidationMessages.ExtraCell(Row!.Value, ColumnNumber!.Value, Shown);
}

/// <summary>An unquoted delimiter in text that pushed the row to the right; the row was repaired.</summary>
internal sealed record MisplacedDelimiterError(string Delimiter, int Surplus) : ValidationError
{
    public override string Code => IssueCodes.MisplacedDelimiter;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.MisplacedDelimiter(Row!.Value, Column!, Delimiter, Surplus);
}

/// <summary>A row identical to an earlier one.</summary>
internal sealed record DuplicateRowError(long FirstRow) : ValidationError
{
    public override string Code => IssueCodes.DuplicateRow;
    public override IssueSeverity Severity => IssueSeverity.Error;
    protected override IssueText Text() => ValidationMessages.DuplicateRow(Row!.Value, FirstRow);
}

/// <summary>A value of a unique field that an earlier row already has.</summary>
internal sealed record UniqueError(string? Raw, long FirstRow) : ValidationError
{
    public override string Code => IssueCodes.UniqueError;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Suggestions.Shorten(Raw);
    protected override IssueText Text() => ValidationMessages.UniqueError(Row!.Value, Shown, Column!, FirstRow);
}

/// <summary>A primary key an earlier row already has; <see cref="ValidationError.Column"/> names its fields.</summary>
internal sealed record PrimaryKeyError(string Key, long FirstRow) : ValidationError
{
    public override string Code => IssueCodes.PrimaryKey;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Key;
    protected override IssueText Text() => ValidationMessages.PrimaryKey(Row!.Value, Column!, Key, FirstRow);
}

/// <summary>A personnummer found in any cell; shown masked.</summary>
internal sealed record PersonnummerError(string Raw) : ValidationError
{
    public override string Code => IssueCodes.PersonalData;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    public override string Shown => Suggestions.Shorten(PersonnummerScanner.Mask(Raw));
    protected override IssueText Text() => ValidationMessages.PersonnummerInCell(Row!.Value, Column!);
}

/// <summary>Latitude and longitude given the wrong way round; they were turned.</summary>
internal sealed record CoordinatesSwappedError(string Value) : ValidationError
{
    public override string Code => IssueCodes.CoordinatesSwapped;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    public override string Shown => Value;
    protected override IssueText Text() => ValidationMessages.CoordinatesSwapped(Row!.Value, Value);
}

/// <summary>A point outside Sweden, or in no coordinate system we know.</summary>
internal sealed record CoordinatesOutsideSwedenError(string Value, bool UnknownProjection) : ValidationError
{
    public override string Code => IssueCodes.CoordinatesOutsideSweden;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Value;
    protected override IssueText Text() => ValidationMessages.CoordinatesOutsideSweden(Row!.Value, Value, UnknownProjection);
}
