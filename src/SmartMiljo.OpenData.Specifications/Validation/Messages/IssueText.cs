namespace SmartMiljo.OpenData.Specifications.Validation.Messages;

/// <summary>The words of one issue: what is wrong and what to do, in Swedish and English.</summary>
internal readonly record struct IssueText(string Sv, string En, string? Hint = null, string? HintEn = null);
