namespace SmartMiljo.OpenData.Core.Harvesting;

/// <summary>How a run ended. HeldForReview: a new version was loaded but kept back from readers (its row count
/// fell sharply, or the file ends mid-record) until a publisher approves it.</summary>
public enum HarvestRunStatus { Running, Succeeded, SucceededWithWarnings, Unchanged, Failed, HeldForReview }

/// <summary>One execution of a source's pipeline, with what happened at each stage.</summary>
public class HarvestRun
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SourceId { get; set; }
    public HarvestRunStatus Status { get; set; } = HarvestRunStatus.Running;
    public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Updated while the run works, so a run whose worker died can be recognised.</summary>
    public DateTimeOffset HeartbeatAt { get; set; } = DateTimeOffset.UtcNow;
    public string? Trigger { get; set; }
    public long RowsRead { get; set; }
    public long RowsAccepted { get; set; }
    public long RowsRejected { get; set; }
    public long BytesFetched { get; set; }

    /// <summary>Why the run failed, in plain words.</summary>
    public string? Error { get; set; }

    /// <summary>The validation report as JSON.</summary>
    public string? ReportJson { get; set; }
    public Guid? DatasetVersionId { get; set; }
    public List<HarvestStageRecord> Stages { get; set; } = [];

    // Item counts for sources that list several items (catalogues, file drops).
    public int ItemsGathered { get; set; }
    public int ItemsPublished { get; set; }
    public int ItemsUnchanged { get; set; }
    public int ItemsFailed { get; set; }
    public int ItemsWithdrawn { get; set; }

    /// <summary>True when the share of valid rows fell compared with the previous load.</summary>
    public bool Degraded { get; set; }

    /// <summary>What the run did, in plain Swedish and English, for the run list and notifications.</summary>
    public string? SummarySv { get; set; }
    public string? SummaryEn { get; set; }

    /// <summary>A run that starts now; it is saved before any work, so a run that takes the process down
    /// still counts.</summary>
    public static HarvestRun Start(Guid sourceId, string trigger, DateTimeOffset at) =>
        new() { SourceId = sourceId, Trigger = trigger, StartedAt = at, HeartbeatAt = at };

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
public enum HarvestStage { Gather, Fetch, Validate, Stage, Publish, Downloads }

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
