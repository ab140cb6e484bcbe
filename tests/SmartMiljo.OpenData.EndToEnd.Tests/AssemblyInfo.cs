// Hangfire keeps its job storage in process-wide static state (JobStorage.Current), so two platform hosts
// alive at once in this process could enqueue into each other's queue. One host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
