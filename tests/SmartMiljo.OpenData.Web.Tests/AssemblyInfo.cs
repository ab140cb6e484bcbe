using Xunit;

// Several classes start whole platform hosts (the shared WebPlatform, the upgrade and key-ring servers, the
// OIDC provider's app). Hangfire keeps process-wide statics and browser steps have fixed time limits, so
// hosts started side by side made the browser tests flaky: one host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
