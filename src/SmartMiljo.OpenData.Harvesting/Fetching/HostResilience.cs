using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>
/// Per host: at most <see cref="HarvestOptions.MaxConcurrentRequestsPerHost"/> requests at once, retries of
/// transient faults with exponential backoff and jitter (or the server's Retry-After), and a circuit
/// breaker so a failing municipal server is not hammered by every source it hosts.
/// </summary>
public sealed class HostResilience(IOptions<HarvestOptions> options)
{
    private readonly ConcurrentDictionary<string, HostGate> _hosts = new(StringComparer.OrdinalIgnoreCase);

    private sealed record HostGate(SemaphoreSlim Slots, ResiliencePipeline Pipeline);

    public async Task<T> ExecuteAsync<T>(Uri uri, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        var gate = _hosts.GetOrAdd(host, _ => new HostGate(new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentRequestsPerHost)), BuildPipeline()));
        try
        {
            return await gate.Pipeline.ExecuteAsync(async token =>
            {
                // The slot is held for one attempt only, never while waiting to retry.
                await gate.Slots.WaitAsync(token);
                try { return await attempt(token); }
                finally { gate.Slots.Release(); }
            }, cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            throw new FetchException($"{host} has failed repeatedly; the harvester leaves it alone for {options.Value.CircuitBreakDuration.TotalSeconds:0} seconds before trying again.");
        }
    }

    private ResiliencePipeline BuildPipeline()
    {
        var o = options.Value;
        var transient = new PredicateBuilder().Handle<FetchException>(e => e.IsTransient);
        var builder = new ResiliencePipelineBuilder();
        if (o.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.MaxRetryAfter,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is FetchException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = 1.0,
            MinimumThroughput = Math.Max(2, o.CircuitBreakerFailures),
            SamplingDuration = TimeSpan.FromMinutes(2),
            BreakDuration = o.CircuitBreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : o.CircuitBreakDuration,
        });
        return builder.Build();
    }
}
