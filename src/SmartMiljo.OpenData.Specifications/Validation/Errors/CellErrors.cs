using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

// A cell's errors: one record per type. Each is located by Row, Column (the file's label) and
// ColumnNumber, set by the check that found it.

/// <summary>The row ends before this column.</summary>
internal sealed record MissingCellError : ValidationError
{
    public override string Code => IssueCodes.MissingCell;
    public override IssueSeverity Severity => IssueSeverity.Error;
    protected override IssueText Text() => ValidationMessages.MissingCell(Row!.Value, Column!);
}

/// <summary>A value that does not read as its field's type or format.</summary>
internal sealed record TypeError(string Raw, FieldDefinition Field) : ValidationError
{
    public override string Code => IssueCodes.TypeError;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Suggestions.Shorten(Raw);
    protected override IssueText Text() => ValidationMessages.TypeError(Row!.Value, Column!, Shown, Field);
}

/// <summary>A value that breaks one of its field's constraints (named as Table Schema names it).</summary>
internal sealed record ConstraintError(string Raw, FieldDefinition Field, string Constraint) : ValidationError
{
    public override string Code => IssueCodes.ConstraintError;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Suggestions.Shorten(Raw);
    protected override IssueText Text() => ValidationMessages.ConstraintError(Constraint, Row!.Value, Column!, Shown, Field);
}

/// <summary>A value holding characters that could not be decoded (U+FFFD) or U+0000.</summary>
internal sealed record EncodingError(string Raw) : ValidationError
{
    public override string Code => IssueCodes.EncodingError;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Suggestions.Shorten(Raw);
    protected override IssueText Text() => ValidationMessages.EncodingError(Row!.Value, Column!, Shown);
}

/// <summary>An organisationsnummer that is a sole trader's personnummer; shown masked.</summary>
internal sealed record SoleTraderNumberError(string Raw) : ValidationError
{
    public override string Code => IssueCodes.PersonalData;
    public override IssueSeverity Severity => IssueSeverity.Blocking;

    /// <summary>Only the birth date part is shown back: the report itself must not leak the number.
    /// (A sole trader's organisationsnummer may be written without a separator, a form the scanner
    /// leaves to the phone numbers, so its cell is masked here whole.)</summary>
    public override string Shown => Raw.Length > 4 ? Raw[..^4] + "****" : "****";

    protected override IssueText Text() => ValidationMessages.SoleTraderNumber(Row!.Value, Column!);
}
