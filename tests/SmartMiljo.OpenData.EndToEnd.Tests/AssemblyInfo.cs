// Each test starts whole servers (web, job server, databases); running them one at a time keeps the
// 2-core CI machine responsive and keeps Hangfire's process-wide settings (logging) with one host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
