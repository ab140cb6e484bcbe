namespace SmartMiljo.OpenData.Specifications.Validation;

public sealed record ValidationOptions
{
    /// <summary>How many issues of one code are listed; all are still counted.</summary>
    public int MaxIssuesPerCode { get; init; } = 100;

    /// <summary>Below this share of valid rows the file is blocked rather than published without
    /// its invalid rows.</summary>
    public double MinimumValidRowShare { get; init; } = 0.5;

    /// <summary>Report identical rows. Costs a 64-bit hash per row; skipped when the schema has a
    /// required unique key, which already catches every repeated row.</summary>
    public bool CheckDuplicateRows { get; init; } = true;

    /// <summary>EPSG code of the coordinates when the publisher has declared it (e.g. 3010 for
    /// SWEREF 99 16 30); otherwise WGS84, SWEREF 99 TM and RT 90 are recognised by their ranges.</summary>
    public int? SourceEpsg { get; init; }

    /// <summary>Stop after this many data rows (null: read everything).</summary>
    public long? MaxRows { get; init; }

    public string? SpecificationId { get; init; }
    public string? SpecificationVersion { get; init; }
}
