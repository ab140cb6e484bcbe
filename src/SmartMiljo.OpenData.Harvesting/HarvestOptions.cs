namespace SmartMiljo.OpenData.Harvesting;

/// <summary>Configuration section <c>Harvesting</c>.</summary>
public sealed class HarvestOptions
{
    public const string SectionName = "Harvesting";

    /// <summary>Where fetched files are kept while a run works on them.</summary>
    public string WorkDirectory { get; set; } = Path.Combine("data", "work");

    public long MaxDownloadBytes { get; set; } = 2L * 1024 * 1024 * 1024;
    public long MaxRows { get; set; } = 50_000_000;
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A running harvest whose heartbeat is older than this is taken to have died.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Local file paths allowed as sources (absolute or relative to the content root); empty allows none.</summary>
    public List<string> AllowedFileRoots { get; set; } = [];

    /// <summary>Time zone for cron schedules.</summary>
    public string TimeZone { get; set; } = "Europe/Stockholm";
}
