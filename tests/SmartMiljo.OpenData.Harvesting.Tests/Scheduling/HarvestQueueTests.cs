using System.Collections.Concurrent;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Scheduling;

namespace SmartMiljo.OpenData.Harvesting.Tests.Scheduling;

/// <summary>At 03:00 every source of the region starts its nightly harvest; a publisher who presses "harvest
/// now" (or uploads a file) then must not wait until all of them are done.</summary>
[Collection(HangfireStaticsCollection.Name)]
public sealed class HarvestQueueTests
{
    // Hangfire logs through a process-wide provider, which the platform hosts of other tests point at their own
    // loggers and leave disposed behind them; these tests use Hangfire without a host.
    public HarvestQueueTests() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(new SilentLogProvider());

    private sealed class SilentLogProvider : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public Hangfire.Logging.ILog GetLogger(string name) => this;
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    [Theory]
    [InlineData("manual", HarvestScheduler.AskedForQueue)]
    [InlineData("upload", HarvestScheduler.AskedForQueue)]
    [InlineData("registration", HarvestScheduler.AskedForQueue)]
    [InlineData("source-changed", HarvestScheduler.AskedForQueue)]
    [InlineData("approval", HarvestScheduler.AskedForQueue)]
    [InlineData("startup", HarvestScheduler.ScheduledQueue)]
    public void A_triggered_harvest_goes_to_the_queue_of_its_kind(string trigger, string queue)
    {
        var storage = new InMemoryStorage();
        var scheduler = new HarvestScheduler(new RecurringJobManager(storage), new BackgroundJobClient(storage), Options.Create(new HarvestOptions()));

        var jobId = scheduler.TriggerNow(Guid.NewGuid(), trigger);

        var monitoring = storage.GetMonitoringApi();
        var waiting = Assert.Single(monitoring.Queues().Where(q => q.Length > 0));
        Assert.Equal(queue, waiting.Name);
        Assert.Contains(monitoring.EnqueuedJobs(queue, 0, 10), j => j.Key == jobId);
    }

    [Fact]
    public void Nightly_harvests_are_scheduled_in_the_scheduled_queue()
    {
        var storage = new InMemoryStorage();
        var scheduler = new HarvestScheduler(new RecurringJobManager(storage), new BackgroundJobClient(storage), Options.Create(new HarvestOptions()));
        var source = new Core.Harvesting.HarvestSource { Name = "Badplatser", Location = "http://127.0.0.1:9/b.csv", CreatedAt = DateTimeOffset.UnixEpoch };

        scheduler.Schedule(source);

        using var connection = storage.GetConnection();
        var recurring = connection.GetAllEntriesFromHash($"recurring-job:{HarvestScheduler.RecurringJobId(source.Id)}");
        Assert.Equal(HarvestScheduler.ScheduledQueue, recurring["Queue"]);
    }

    [Fact]
    public async Task A_worker_takes_the_asked_for_harvest_before_a_backlog_of_scheduled_ones()
    {
        var storage = new InMemoryStorage();
        var client = new BackgroundJobClient(storage);
        RecordingJob.Order.Clear();
        for (var i = 0; i < 5; i++) client.Enqueue<RecordingJob>(HarvestScheduler.ScheduledQueue, j => j.Run($"scheduled-{i}"));
        client.Enqueue<RecordingJob>(HarvestScheduler.AskedForQueue, j => j.Run("asked-for"));

        using (new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = 1, Queues = HarvestScheduler.QueuesInPriorityOrder,
            // Not the process-wide activator, which a platform host of another test set to its (disposed) services.
            Activator = new JobActivator(),
        }, storage))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (RecordingJob.Order.Count < 6 && DateTime.UtcNow < deadline) await Task.Delay(50);
        }

        Assert.Equal(6, RecordingJob.Order.Count);
        Assert.Equal("asked-for", RecordingJob.Order.First());
    }

    [Fact]
    public void A_queued_harvest_is_seen_waiting_until_a_worker_has_taken_it()
    {
        var storage = new InMemoryStorage();
        var scheduler = new HarvestScheduler(new RecurringJobManager(storage), new BackgroundJobClient(storage), Options.Create(new HarvestOptions()));
        var watch = new HarvestQueueWatch(storage);
        var queued = Guid.NewGuid();
        var other = Guid.NewGuid();
        Assert.False(watch.IsWaiting(queued));

        scheduler.TriggerNow(queued, "registration");
        scheduler.TriggerNow(Guid.NewGuid(), "startup");

        Assert.True(watch.IsWaiting(queued));
        Assert.False(watch.IsWaiting(other));
    }

    public sealed class RecordingJob
    {
        public static readonly ConcurrentQueue<string> Order = new();

        public void Run(string name) => Order.Enqueue(name);
    }
}

/// <summary>Runs alone, after the tests that run in parallel: no platform host starts or stops meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireStaticsCollection
{
    public const string Name = "hangfire statics";
}
