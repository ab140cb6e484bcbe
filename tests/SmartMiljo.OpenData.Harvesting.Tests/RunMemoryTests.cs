using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Pipeline;

namespace SmartMiljo.OpenData.Harvesting.Tests;

public sealed class RunMemoryTests
{
    private const long MB = 1024 * 1024;

    [Theory]
    [InlineData(376 * MB, 60 * MB, true)]   // a large file left a large heap: give it back
    [InlineData(376 * MB, 20 * MB, false)]  // little to give back
    [InlineData(200 * 1024, 60 * MB, false)] // a small source: not worth a full collection per run
    [InlineData(0, 90 * MB, false)]          // unchanged or failed before reading
    public void Only_runs_that_read_a_sizeable_file_and_left_a_large_heap_compact_it(long bytesFetched, long committedHeap, bool expected)
    {
        var run = HarvestRun.Start(Guid.NewGuid(), "test", DateTimeOffset.UnixEpoch);
        run.AddFetched(bytesFetched);
        Assert.Equal(expected, RunMemory.ShouldCompactAfter(run, committedHeap));
    }
}
