// Several tests host the whole server in process; Hangfire keeps its storage in a process-wide static,
// so two hosts running at once could pick up each other's jobs. One at a time keeps them apart.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
