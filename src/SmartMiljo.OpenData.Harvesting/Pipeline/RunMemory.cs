using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>
/// A harvest of a sizeable file allocates and drops a lot (rows, download buffers), and the collector keeps
/// much of that heap committed afterwards, so the process's footprint between runs, and the base the next run
/// grows from, would stay near the last large run's peak. A full collection at the end of such a run gives it
/// back. It runs in the background (concurrently with the web requests of an all-role node, which are not
/// paused as a blocking compacting collection would pause them); none for small, unchanged or failed-early
/// runs or while the heap is small anyway.
/// </summary>
public static class RunMemory
{
    /// <summary>Runs that read at least this much are large enough to leave a large heap behind.</summary>
    public const long LargeRunBytes = 4L * 1024 * 1024;

    /// <summary>Below this much committed managed heap there is little to give back.</summary>
    public const long LargeHeapBytes = 48L * 1024 * 1024;

    public static bool ShouldCompactAfter(HarvestRun run, long committedHeapBytes) =>
        run.BytesFetched >= LargeRunBytes && committedHeapBytes >= LargeHeapBytes;

    public static void ReturnAfter(HarvestRun run)
    {
        if (!ShouldCompactAfter(run, GC.GetGCMemoryInfo().TotalCommittedBytes)) return;
        // Not blocking: a background gen2 collection; the freed regions are decommitted as the GC sees fit.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
    }
}
