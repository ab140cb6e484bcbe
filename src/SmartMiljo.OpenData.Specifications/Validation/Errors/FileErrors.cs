using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

// Notes and errors about the file as a whole: one record per type.

/// <summary>Values read after normalising a Swedish or informal form, counted per column.</summary>
internal sealed record ValueNormalisedError(long Count, string Example, FieldType Type) : ValidationError
{
    public override string Code => IssueCodes.ValueNormalised;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    public override string Shown => Example;
    protected override IssueText Text() => ValidationMessages.ValueNormalised(Count, Column!, Example, Type);
}

/// <summary>Points given in a Swedish projection and converted to WGS84.</summary>
internal sealed record CoordinatesConvertedError(long Count, string CrsName, int Epsg) : ValidationError
{
    public override string Code => IssueCodes.CoordinatesConverted;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.CoordinatesConverted(Count, CrsName, Epsg);
}

/// <summary>Rows whose bytes are not in the file's encoding.</summary>
internal sealed record MixedEncodingError(string Encoding, long RowCount, string Rows) : ValidationError
{
    public override string Code => IssueCodes.MixedEncoding;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    public override string Shown => Rows;
    protected override IssueText Text() => ValidationMessages.MixedEncoding(Encoding, RowCount, Rows);
}

/// <summary>Fields with quotes in the wrong place, read as plain text.</summary>
internal sealed record MalformedQuotesError(string Fields) : ValidationError
{
    public override string Code => IssueCodes.MalformedQuotes;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    protected override IssueText Text() => ValidationMessages.MalformedQuotes(Fields);
}

/// <summary>A header and nothing under it.</summary>
internal sealed record NoRowsError : ValidationError
{
    public override string Code => IssueCodes.NoRows;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    protected override IssueText Text() => ValidationMessages.NoRows();
}

/// <summary>Too small a share of valid rows to publish.</summary>
internal sealed record TooManyInvalidRowsError(long Valid, long Read, double MinimumShare) : ValidationError
{
    public override string Code => IssueCodes.TooManyInvalidRows;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    protected override IssueText Text() => ValidationMessages.TooManyInvalidRows(Valid, Read, MinimumShare);
}

/// <summary>The source broke off before its end.</summary>
internal sealed record SourceError(string Reason) : ValidationError
{
    public override string Code => IssueCodes.SourceError;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    protected override IssueText Text() => ValidationMessages.SourceError(Reason);
}

/// <summary>A reader's refusal (<see cref="Reading.TabularReadException"/>), in the reader's own words and code.</summary>
internal sealed record ReadError(Reading.TabularReadException Exception) : ValidationError
{
    public override string Code => Exception.Code;
    public override IssueSeverity Severity => IssueSeverity.Blocking;
    protected override IssueText Text() => new(Exception.MessageSv, Exception.Message, Exception.Hint, Exception.HintEn);
}
