using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Specifications.Validation.Errors;

/// <summary>A geometry cell crosses itself, has coordinates outside WGS84, too few points or a stray hole.</summary>
internal sealed record InvalidGeometryError(GeometryFinding Finding, string Kind) : ValidationError
{
    public override string Code => IssueCodes.InvalidGeometry;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Kind;
    protected override IssueText Text() => ValidationMessages.Geometry(Row!.Value, Column!, Finding);
}

/// <summary>A geometry cell was repaired where the repair has one meaning (an unclosed ring closed).</summary>
internal sealed record GeometryRepairedError(GeometryFinding Finding, string Kind) : ValidationError
{
    public override string Code => IssueCodes.GeometryRepaired;
    public override IssueSeverity Severity => IssueSeverity.Warning;
    public override string Shown => Kind;
    protected override IssueText Text() => ValidationMessages.Geometry(Row!.Value, Column!, Finding);
}

/// <summary>A geometry of another kind than the field declares (a line where the specification says polygon). Frictionless's
/// type-error: the value does not have the field's type and format.</summary>
internal sealed record GeometryKindError(string Declared, string Kind) : ValidationError
{
    public override string Code => IssueCodes.TypeError;
    public override IssueSeverity Severity => IssueSeverity.Error;
    public override string Shown => Kind;
    protected override IssueText Text() => ValidationMessages.GeometryKind(Row!.Value, Column!, Declared, Kind);
}
