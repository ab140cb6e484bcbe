using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>Counts every issue per code but keeps only the first N of each, so a file with a
/// million bad rows still gives a small report with true totals. Checks hand each
/// error to <see cref="Report"/>; only listed ones get their words written, which keeps counting cheap.</summary>
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
    private bool WillKeep(string code, IssueSeverity severity)
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

    /// <summary>Lists an issue. A personnummer met in any value or message (a key, a value
    /// that fails its type) is masked here, so no check can echo one into a report.</summary>
    private void Keep(ValidationIssue issue) => _kept.Add(MaskPersonnummer(issue));

    private static ValidationIssue MaskPersonnummer(ValidationIssue issue)
    {
        // Mask hands back the very same string when there is nothing to hide.
        var value = issue.Value is null ? null : PersonnummerScanner.Mask(issue.Value);
        var message = PersonnummerScanner.Mask(issue.Message);
        var messageEn = PersonnummerScanner.Mask(issue.MessageEn);
        return ReferenceEquals(value, issue.Value) && ReferenceEquals(message, issue.Message) && ReferenceEquals(messageEn, issue.MessageEn)
            ? issue
            : issue with { Value = value, Message = message, MessageEn = messageEn };
    }

    /// <summary>Counts an error and lists it while its code has room; its words are written only then.</summary>
    public void Report(ValidationError error)
    {
        if (WillKeep(error.Code, error.Severity)) Keep(error.ToIssue());
    }
}
