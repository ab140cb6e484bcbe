namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>Counts every issue per code but keeps only the first N of each, so a file with a
/// million bad rows still gives a small report with true totals. Callers ask
/// <see cref="WillKeep"/> before building a message, which keeps the cost of counting low.</summary>
internal sealed class IssueCollector(int maxPerCode)
{
    private readonly List<ValidationIssue> _kept = [];
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);

    public IReadOnlyList<ValidationIssue> Kept => _kept;
    public IReadOnlyDictionary<string, long> Totals => _totals;
    public bool HasBlocking { get; private set; }
    public long ErrorCount { get; private set; }
    public long WarningCount { get; private set; }

    /// <summary>Counts one occurrence; true when it should also be listed.</summary>
    public bool WillKeep(string code, IssueSeverity severity)
    {
        ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_totals, code, out _);
        total++;
        switch (severity)
        {
            case IssueSeverity.Blocking: HasBlocking = true; ErrorCount++; break;
            case IssueSeverity.Error: ErrorCount++; break;
            default: WarningCount++; break;
        }
        return total <= maxPerCode;
    }

    public void Keep(ValidationIssue issue) => _kept.Add(issue);

    /// <summary>Counts and keeps (for rare, file-level issues).</summary>
    public void Add(ValidationIssue issue)
    {
        if (WillKeep(issue.Code, issue.Severity)) _kept.Add(issue);
    }
}
