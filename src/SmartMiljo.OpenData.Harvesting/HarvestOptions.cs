namespace SmartMiljo.OpenData.Harvesting;

/// <summary>Configuration section <c>Harvesting</c>.</summary>
public sealed class HarvestOptions
{
    public const string SectionName = "Harvesting";

    /// <summary>Where fetched files are kept while a run works on them.</summary>
    public string WorkDirectory { get; set; } = Path.Combine("data", "work");

    /// <summary>Most bytes read from the wire for one download.</summary>
    public long MaxDownloadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most bytes a compressed body (gzip/deflate/brotli, or an XLSX package) may expand to: the zip-bomb guard.</summary>
    public long MaxDecompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;
    public long MaxRows { get; set; } = 50_000_000;

    /// <summary>Time limit for fetching one item (all pages and retries included).</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time limit for one HTTP attempt; a server that stops sending is given up after this.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Time limit for gathering a source's item list (catalogue pages included).</summary>
    public TimeSpan GatherTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time limit for validating, staging and publishing one item.</summary>
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A running harvest whose heartbeat is older than this is taken to have died.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Local file paths allowed as sources (absolute or relative to the content root); empty allows none.</summary>
    public List<string> AllowedFileRoots { get; set; } = [];

    /// <summary>Time zone for cron schedules.</summary>
    public string TimeZone { get; set; } = "Europe/Stockholm";

    // Network guard. Link-local and cloud metadata addresses are always refused.
    /// <summary>Allow sources on private networks (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allow sources on this machine (127/8, ::1).</summary>
    public bool AllowLoopback { get; set; }
    public int MaxRedirects { get; set; } = 5;

    /// <summary>URL schemes sources may use (file paths are governed by <see cref="AllowedFileRoots"/>).</summary>
    public List<string> AllowedSchemes { get; set; } = ["http", "https"];

    // Resilience.
    /// <summary>Retries of a transient fault (connection error, 408, 429, 5xx) before the fetch fails.</summary>
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest Retry-After honoured; a server asking for more is treated as failing now.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxConcurrentRequestsPerHost { get; set; } = 4;

    /// <summary>After this many consecutive failed fetches a host is left alone for <see cref="CircuitBreakDuration"/>.</summary>
    public int CircuitBreakerFailures { get; set; } = 5;
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    // Items.
    /// <summary>How long an item may be missing from its source before its dataset is withdrawn.</summary>
    public TimeSpan WithdrawalGrace { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A new version with fewer than (1 - this share) of the published version's rows is held for
    /// review instead of published (0.5: a drop by more than half). 0 or 1 turns the check off.</summary>
    public double RowDropReviewThreshold { get; set; } = 0.5;

    /// <summary>Scratch and temporary files older than this, left by a run that was killed, are deleted
    /// (at start-up and every <see cref="OrphanSweepInterval"/>); files of a run still under way never are.</summary>
    public TimeSpan OrphanFileAge { get; set; } = TimeSpan.FromHours(6);
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most pages read from a paged API or catalogue in one run (a guard against endless paging).</summary>
    public int MaxPages { get; set; } = 10_000;
}
