using System.Diagnostics;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>Times one stage of a run and records its outcome on the run, including failures.</summary>
internal sealed class StageTimer
{
    private readonly HarvestRun _run;
    private readonly HarvestStageRecord _record;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public StageTimer(HarvestRun run, HarvestStage stage, string? itemKey, TimeProvider clock)
    {
        _run = run;
        _record = new HarvestStageRecord
        {
            HarvestRunId = run.Id, Stage = stage, ItemKey = itemKey, StartedAt = clock.GetUtcNow(),
        };
    }

    public void Succeeded(long? bytes = null, long? rows = null) => Finish(StageOutcome.Succeeded, bytes, rows, null);

    public void Skipped(string why) => Finish(StageOutcome.Skipped, null, null, why);

    public void Failed(string error) => Finish(StageOutcome.Failed, null, null, error);

    private void Finish(StageOutcome outcome, long? bytes, long? rows, string? error)
    {
        _record.Outcome = outcome;
        _record.DurationMs = _watch.Elapsed.TotalMilliseconds;
        _record.Bytes = bytes;
        _record.Rows = rows;
        _record.Error = error;
        _run.Record(_record);
    }
}
