using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMiljo.OpenData.Specifications.Validation;

public enum ValidationVerdict { Publishable, PublishableWithWarnings, Blocked }

/// <summary>The outcome of validating one file: counts, score, verdict, and the issues (capped per
/// code; <see cref="Totals"/> keeps the real counts).</summary>
public sealed class ValidationReport
{
    public ValidationVerdict Verdict { get; init; }
    public string? SpecificationId { get; init; }
    public string? SpecificationVersion { get; init; }
    public long RowsRead { get; init; }
    public long RowsValid { get; init; }
    public long RowsInvalid { get; init; }
    public long CellsChecked { get; init; }
    public long CellsInvalid { get; init; }

    /// <summary>The mean of the valid-row share and the valid-cell share, 0..1.</summary>
    public double Score { get; init; }

    public IReadOnlyList<ValidationIssue> Errors { get; init; } = [];

    /// <summary>Every issue counted per code, including those not listed in <see cref="Errors"/>.</summary>
    public IReadOnlyDictionary<string, long> Totals { get; init; } = new Dictionary<string, long>();

    /// <summary>What was established about the source (encoding, delimiter, coordinate system, ...).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();

    /// <summary>File column → specification field, for columns read under another name.</summary>
    public IReadOnlyDictionary<string, string> ColumnMapping { get; init; } = new Dictionary<string, string>();

    public string Summary { get; init; } = "";
    public string SummaryEn { get; init; } = "";

    [JsonIgnore] public bool IsValid => Verdict != ValidationVerdict.Blocked && RowsInvalid == 0;

    public long CountOf(string code) => Totals.GetValueOrDefault(code);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = false,
    };

    private static readonly JsonSerializerOptions IndentedJsonOptions = new(JsonOptions) { WriteIndented = true };

    public string ToJson(bool indented = false) => JsonSerializer.Serialize(this, indented ? IndentedJsonOptions : JsonOptions);

    public static ValidationReport FromJson(string json) =>
        JsonSerializer.Deserialize<ValidationReport>(json, JsonOptions) ?? throw new FormatException("The report JSON is empty.");

    /// <summary>A report for a source that could not be opened (empty, binary, unreachable), so a
    /// harvest run can store why it published nothing.</summary>
    public static ValidationReport Unreadable(Reading.TabularReadException e, string? specId = null, string? specVersion = null) =>
        Unreadable(new ValidationIssue
        {
            Code = e.Code, Severity = IssueSeverity.Blocking,
            Message = e.MessageSv, MessageEn = e.Message, Hint = e.Hint, HintEn = e.HintEn,
        }, specId, specVersion);

    /// <summary>A report for a source that could not be read at all.</summary>
    public static ValidationReport Unreadable(ValidationIssue issue, string? specId = null, string? specVersion = null) => new()
    {
        Verdict = ValidationVerdict.Blocked,
        SpecificationId = specId,
        SpecificationVersion = specVersion,
        Errors = [issue],
        Totals = new Dictionary<string, long> { [issue.Code] = 1 },
        Summary = "Filen kunde inte läsas: " + issue.Message,
        SummaryEn = "The file could not be read: " + issue.MessageEn,
    };
}
