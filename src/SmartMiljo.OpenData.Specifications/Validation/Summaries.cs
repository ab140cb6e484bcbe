namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>One-paragraph summaries of a report for people, in Swedish and English.</summary>
internal static class Summaries
{
    public static (string Sv, string En) Build(ValidationVerdict verdict, long rowsRead, long rowsValid, double score, IssueCollector issues)
    {
        var (verdictSv, verdictEn) = verdict switch
        {
            ValidationVerdict.Publishable => ("kan publiceras", "publishable"),
            ValidationVerdict.PublishableWithWarnings => ("kan publiceras med anmärkningar", "publishable with warnings"),
            _ => ("stoppad – rätta felen först", "blocked – fix the errors first"),
        };
        var top = issues.Totals.OrderByDescending(t => t.Value).Take(3).Select(t => $"{t.Key} ×{t.Value:N0}").ToList();
        var topText = top.Count == 0 ? "" : " " + string.Join(", ", top) + ".";
        return ($"{rowsValid:N0} av {rowsRead:N0} rader är giltiga (poäng {score:0.00}). {issues.ErrorCount:N0} fel, {issues.WarningCount:N0} anmärkningar.{topText} Bedömning: {verdictSv}.",
            $"{rowsValid:N0} of {rowsRead:N0} rows are valid (score {score:0.00}). {issues.ErrorCount:N0} errors, {issues.WarningCount:N0} warnings.{topText} Verdict: {verdictEn}.");
    }
}
