using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

/// <summary>
/// One type of problem the validator reports (frictionless style: one type per code): its code,
/// how much it weighs, where it is, and its words from <see cref="ValidationMessages"/>. Checks
/// hand one to <see cref="IssueCollector.Report"/>, which counts every one and turns only those it
/// lists into a <see cref="ValidationIssue"/>, so the words are written only for issues people read.
/// </summary>
internal abstract record ValidationError
{
    public abstract string Code { get; }
    public abstract IssueSeverity Severity { get; }

    /// <summary>Data row (1 = first row after the header); null for the header or the whole file.</summary>
    public long? Row { get; init; }

    /// <summary>The column as named in the file (or the field's name).</summary>
    public string? Column { get; init; }

    /// <summary>1-based position of the column in the file.</summary>
    public int? ColumnNumber { get; init; }

    /// <summary>The value as shown in the report (shortened, masked where personal).</summary>
    public virtual string? Shown => null;

    protected abstract IssueText Text();

    public ValidationIssue ToIssue()
    {
        var text = Text();
        return new ValidationIssue
        {
            Code = Code, Severity = Severity, Row = Row, Column = Column, ColumnNumber = ColumnNumber, Value = Shown,
            Message = text.Sv, MessageEn = text.En, Hint = text.Hint, HintEn = text.HintEn,
        };
    }
}
