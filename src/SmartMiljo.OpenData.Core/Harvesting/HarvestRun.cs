namespace SmartMiljo.OpenData.Core.Harvesting;

/// <summary>How a run ended. HeldForReview: a new version was loaded but kept back from readers (its row count
/// fell sharply, or the file ends mid-record) until a publisher approves it.</summary>
public enum HarvestRunStatus { Running, Succeeded, SucceededWithWarnings, Unchanged, Failed, HeldForReview }

/// <summary>One execution of a source's pipeline, with what happened at each stage. Its state
/// changes only through the methods below, which guard the transitions (a run that has ended
/// cannot conclude again); the time of each change is given by the caller's clock.</summary>
public class HarvestRun
{
    private HarvestRun() { }

    public Guid Id { get; private set; } = Guid.NewGuid();
    public Guid SourceId { get; private set; }
    public HarvestRunStatus Status { get; private set; } = HarvestRunStatus.Running;
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Updated while the run works, so a run whose worker died can be recognised.</summary>
    public DateTimeOffset HeartbeatAt { get; private set; }
    public string? Trigger { get; private set; }
    public long RowsRead { get; private set; }
    public long RowsAccepted { get; private set; }
    public long RowsRejected { get; private set; }
    public long BytesFetched { get; private set; }

    /// <summary>Why the run failed, in plain words.</summary>
    public string? Error { get; private set; }

    /// <summary>The validation report as JSON.</summary>
    public string? ReportJson { get; private set; }
    public Guid? DatasetVersionId { get; private set; }
    private readonly List<HarvestStageRecord> _stages = [];

    /// <summary>What each stage did, in the order recorded.</summary>
    public IReadOnlyList<HarvestStageRecord> Stages => _stages;

    // Item counts for sources that list several items (catalogues, file drops).
    public int ItemsGathered { get; private set; }
    public int ItemsPublished { get; private set; }
    public int ItemsUnchanged { get; private set; }
    public int ItemsFailed { get; private set; }
    public int ItemsWithdrawn { get; private set; }

    /// <summary>True when the share of valid rows fell compared with the previous load.</summary>
    public bool Degraded { get; private set; }

    /// <summary>What the run did, in plain Swedish and English, for the run list and notifications.</summary>
    public string? SummarySv { get; private set; }
    public string? SummaryEn { get; private set; }

    /// <summary>A run that starts now; it is saved before any work, so a run that takes the process down
    /// still counts.</summary>
    public static HarvestRun Start(Guid sourceId, string trigger, DateTimeOffset at) =>
        new() { SourceId = sourceId, Trigger = trigger, StartedAt = at, HeartbeatAt = at };

    /// <summary>The run is still working (see the heartbeat in RunLifecycle, which writes the same column).</summary>
    public void Beat(DateTimeOffset at) => HeartbeatAt = at;

    /// <summary>The source listed this many items.</summary>
    public void Gathered(int items) => ItemsGathered = items;

    /// <summary>The validation report of the run's only item.</summary>
    public void AttachReport(string reportJson) => ReportJson = reportJson;

    /// <summary>The version the run's only item published.</summary>
    public void Published(Guid versionId) => DatasetVersionId = versionId;

    /// <summary>Something the run did went less well than before (fewer valid rows, a download
    /// that could not be made): the run list says so.</summary>
    public void MarkDegraded() => Degraded = true;

    /// <summary>A stage of the run ended as the record says.</summary>
    public void Record(HarvestStageRecord stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (stage.HarvestRunId != Id) throw new ArgumentException("The stage belongs to another run.", nameof(stage));
        _stages.Add(stage);
    }

    public void AddFetched(long bytes) => BytesFetched += bytes;

    public void AddRows(long read, long accepted, long rejected)
    {
        RowsRead += read;
        RowsAccepted += accepted;
        RowsRejected += rejected;
    }

    /// <summary>What the run did to its items, and how it ended.</summary>
    public void Conclude(HarvestRunStatus status, string? error, int published, int unchanged, int failed, int withdrawn)
    {
        RequireRunning();
        if (status == HarvestRunStatus.Running) throw new ArgumentException("A run concludes with an outcome.", nameof(status));
        Status = status;
        Error = error;
        (ItemsPublished, ItemsUnchanged, ItemsFailed, ItemsWithdrawn) = (published, unchanged, failed, withdrawn);
    }

    /// <summary>The run failed; the first cause given is kept.</summary>
    public void Fail(string error)
    {
        Status = HarvestRunStatus.Failed;
        Error ??= error;
    }

    /// <summary>The run's end, with its summary in both languages.</summary>
    public void Finish(DateTimeOffset at, string summarySv, string summaryEn)
    {
        if (Status == HarvestRunStatus.Running) Fail("The run ended without an outcome.");
        FinishedAt = at;
        (SummarySv, SummaryEn) = (summarySv, summaryEn);
    }

    /// <summary>The run's worker stopped responding: the run failed, with what it had published
    /// (its only version, if one) and the words of the reaper.</summary>
    public void Abandon(DateTimeOffset at, string error, string summarySv, string summaryEn, IReadOnlyList<Guid> publishedVersions)
    {
        RequireRunning();
        Status = HarvestRunStatus.Failed;
        FinishedAt = at;
        Error = error;
        (SummarySv, SummaryEn) = (summarySv, summaryEn);
        if (publishedVersions.Count == 0) return;
        Degraded = true;
        DatasetVersionId ??= publishedVersions.Count == 1 ? publishedVersions[0] : null;
    }

    private void RequireRunning()
    {
        if (Status != HarvestRunStatus.Running) throw new InvalidOperationException($"Run {Id} has ended already ({Status}).");
    }

    /// <summary>A publisher approved the versions this run held for review; they are published now.</summary>
    public void ApproveHeld(DateTimeOffset at)
    {
        if (Status == HarvestRunStatus.HeldForReview) Status = ItemsFailed > 0 ? HarvestRunStatus.SucceededWithWarnings : HarvestRunStatus.Succeeded;
        SummarySv = $"{SummarySv} Godkänd för publicering {at:yyyy-MM-dd HH:mm} (UTC) och publicerad.".Trim();
        SummaryEn = $"{SummaryEn} Approved for publishing at {at:yyyy-MM-dd HH:mm} (UTC) and published.".Trim();
    }
}

/// <summary>Stages of a run, in order. Publish is the switch that moves readers to a new version;
/// Downloads then generates that version's download files (a failure there leaves it published).</summary>
public enum HarvestStage { Gather, Fetch, Validate, Stage, Publish, Downloads, Diff }

public enum StageOutcome { Succeeded, Skipped, Failed }

/// <summary>What one stage did for one item of a run.</summary>
public class HarvestStageRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid HarvestRunId { get; set; }
    public HarvestStage Stage { get; set; }
    public string? ItemKey { get; set; }
    public StageOutcome Outcome { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double DurationMs { get; set; }
    public long? Bytes { get; set; }
    public long? Rows { get; set; }
    public string? Error { get; set; }
}
