using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

// The header's errors: one record per type, each with its code and weight.

/// <summary>A column without a name in the header.</summary>
internal sealed record BlankLabelError(int Number, bool Trailing) : ValidationError
{
    public override string Code => IssueCodes.BlankLabel;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.BlankLabel(Number, Trailing);
}

/// <summary>The same name twice in the header; the first column is used.</summary>
internal sealed record DuplicateLabelError(string Label, int FirstNumber, int Number) : ValidationError
{
    public override string Code => IssueCodes.DuplicateLabel;
    public override IssueSeverity Severity => IssueSeverity.Error;
    protected override IssueText Text() => ValidationMessages.DuplicateLabel(Label, FirstNumber, Number);
}

/// <summary>A column read under a field's name although spelt differently or named by an alias.</summary>
internal sealed record IncorrectLabelError(string Label, string FieldName, bool IsAlias) : ValidationError
{
    public override string Code => IssueCodes.IncorrectLabel;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.IncorrectLabel(Label, FieldName, IsAlias);
}

/// <summary>A coordinate column (N, E, X, Y, northing, …) read as the position's latitude or longitude; the values tell the system.</summary>
internal sealed record CoordinateColumnLabelError(string Label, string FieldName, bool Northing) : ValidationError
{
    public override string Code => IssueCodes.IncorrectLabel;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.CoordinateColumnLabel(Label, FieldName, Northing);
}

/// <summary>A column under any name whose values are a projected coordinate (SWEREF 99 TM, RT 90), read as the position's
/// latitude or longitude.</summary>
internal sealed record CoordinateValuesLabelError(string Label, string FieldName, bool Northing, string System, int Epsg) : ValidationError
{
    public override string Code => IssueCodes.IncorrectLabel;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.CoordinateValuesLabel(Label, FieldName, Northing, System, Epsg);
}

/// <summary>A column the specification does not have.</summary>
internal sealed record ExtraLabelError(string Label, string? Suggestion) : ValidationError
{
    public override string Code => IssueCodes.ExtraLabel;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.ExtraLabel(Label, Suggestion);
}

/// <summary>A field of the specification with no column; blocking when the field is required.</summary>
internal sealed record MissingLabelError(FieldDefinition Field, string? Suggestion) : ValidationError
{
    public override string Code => IssueCodes.MissingLabel;
    public override IssueSeverity Severity => Field.Constraints.Required ? IssueSeverity.Blocking : IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.MissingLabel(Field, Suggestion);
}

/// <summary>A column whose name says it holds personal identity numbers.</summary>
internal sealed record PersonalDataLabelError(string Label) : ValidationError
{
    public override string Code => IssueCodes.PersonalData;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    protected override IssueText Text() => ValidationMessages.PersonalDataLabel(Label);
}
