using System.Threading.RateLimiting;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace InstanceManager.RateLimiting;

/// <summary>
/// The gate every attempt to one service host passes, inside the retry and outside the attempt timeout: at most
/// <see cref="InstanceManagerOptions.MaxConcurrentRequests"/> requests in flight (a <see cref="ConcurrencyLimiter"/>,
/// the others queue in order), and none sent while the host has asked to wait. An answer 429, or 503 with
/// <c>Retry-After</c> or <c>X-RateLimit-Retry-After</c>, pauses every request of this client to that host until the
/// time it asked for (at most <see cref="InstanceManagerOptions.MaxRateLimitWait"/>), not only the one retried.
/// </summary>
// No library pauses a whole set of callers until a time a response names; the pause is one timestamp, raised
// atomically, and each attempt waits for it on the client's TimeProvider after taking its slot, so no request can be
// sent before the pause ends.
internal sealed class HostRequestGate : ResilienceStrategy<HttpResponseMessage>, IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly string _host;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _timeProvider;
    private readonly InstanceManagerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _hostTag;
    private long _pausedUntilTicks;

    public HostRequestGate(string host, int maxConcurrentRequests, TimeSpan maxWait, TimeProvider timeProvider, InstanceManagerMetrics metrics, ILogger logger)
    {
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrentRequests,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _host = host;
        _maxWait = maxWait;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _hostTag = new KeyValuePair<string, object?>("server.address", host);
    }

    /// <summary>Until when requests to the host wait (UTC); in the past when they need not.</summary>
    public DateTimeOffset PausedUntil => new(Volatile.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        RateLimitLease? lease = null;
        try
        {
            lease = await AcquireAsync(context.CancellationToken).ConfigureAwait(false);
            await WaitWhilePausedAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception)
        {
            lease?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(exception);
        }

        using (lease)
        {
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is { } response && RetryAfterHeaders.RateLimitWait(response, _timeProvider.GetUtcNow()) is { } wait)
            {
                _metrics.RateLimitedResponses.Add(1, _hostTag);
                Pause((int)response.StatusCode, wait);
            }

            return outcome;
        }
    }

    public void Dispose() => _limiter.Dispose();

    private async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        _metrics.QueuedRequests.Add(1, _hostTag);
        try
        {
            // The queue is unbounded, so a lease is always granted in the end; callers bound the wait with their token.
            return await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.QueuedRequests.Add(-1, _hostTag);
        }
    }

    private async ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        long? waitingSince = null;
        while (PausedUntil - _timeProvider.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
        {
            // Another answer may have moved the pause further while this request waited, hence the loop.
            waitingSince ??= _timeProvider.GetTimestamp();
            await Task.Delay(remaining, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (waitingSince is { } since)
        {
            _metrics.RateLimitWait.Record(_timeProvider.GetElapsedTime(since).TotalSeconds, _hostTag);
        }
    }

    private void Pause(int statusCode, TimeSpan wait)
    {
        var capped = wait < _maxWait ? wait : _maxWait;
        if (capped <= TimeSpan.Zero)
        {
            return;
        }

        var until = (_timeProvider.GetUtcNow() + capped).UtcTicks;
        long current;
        do
        {
            current = Volatile.Read(ref _pausedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, current) != current);

        Log.RateLimited(_logger, _host, statusCode, capped.TotalSeconds, new DateTimeOffset(until, TimeSpan.Zero));
    }
}
