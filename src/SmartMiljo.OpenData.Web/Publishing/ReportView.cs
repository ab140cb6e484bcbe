using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Specifications.Validation.Messages;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>One kind of problem in a report: how much it weighs, how often it occurred (the real count,
/// not only the issues listed) and the issues listed for it.</summary>
public sealed record IssueGroup(string Code, IssueSeverity Severity, long Count, IReadOnlyList<ValidationIssue> Issues)
{
    public (string Sv, string En) Title => IssueTitles.Of(Code);
}

/// <summary>
/// A validation report as people read it: counts first, then the problems grouped by kind, the
/// heaviest first (blocking, then errors, then notes). The same view serves the wizard's preview,
/// a run's report on the source page and, without the rows' values, the public dataset page.
/// </summary>
public sealed class ReportView
{
    private ReportView(ValidationReport report, bool isPublic, int headingLevel, int rowsPerGroup)
    {
        Report = report;
        IsPublic = isPublic;
        HeadingLevel = headingLevel;
        RowsPerGroup = rowsPerGroup;
        var listed = report.Errors.GroupBy(e => e.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var codes = report.Totals.Keys.Union(listed.Keys, StringComparer.Ordinal);
        Groups = codes
            .Select(code =>
            {
                var issues = listed.GetValueOrDefault(code) ?? [];
                var severity = issues.Count == 0 ? IssueSeverity.Error : issues.Max(i => i.Severity);
                return new IssueGroup(code, severity, Math.Max(report.Totals.GetValueOrDefault(code), issues.Count), issues);
            })
            .Where(g => g.Count > 0)
            .OrderByDescending(g => g.Severity).ThenByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal)
            .ToList();
    }

    public ValidationReport Report { get; }

    /// <summary>For visitors: the kinds and counts only, never the rows' values or the messages quoting
    /// them (they may hold what was kept out of the data for a reason).</summary>
    public bool IsPublic { get; }

    /// <summary>The heading level of each group (the page around decides: h3 under an h2).</summary>
    public int HeadingLevel { get; }

    public int RowsPerGroup { get; }

    public IReadOnlyList<IssueGroup> Groups { get; }

    public IEnumerable<IssueGroup> Serious => Groups.Where(g => g.Severity != IssueSeverity.Warning);

    public IEnumerable<IssueGroup> Notes => Groups.Where(g => g.Severity == IssueSeverity.Warning);

    public long CountOf(IssueSeverity severity) => Groups.Where(g => g.Severity == severity).Sum(g => g.Count);

    public static ReportView Private(ValidationReport report, int headingLevel = 3, int rowsPerGroup = 50) =>
        new(report, isPublic: false, headingLevel, rowsPerGroup);

    public static ReportView Public(ValidationReport report, int headingLevel = 4) =>
        new(report, isPublic: true, headingLevel, rowsPerGroup: 0);
}
