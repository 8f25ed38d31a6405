using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace InstanceManager.Resilience;

/// <summary>
/// The HTTP resilience pipeline of the client's <see cref="HttpClient"/> (Microsoft.Extensions.Http.Resilience):
/// retry of idempotent requests outside, then the circuit breaker, then the attempt timeout.
/// </summary>
internal static class HttpResilience
{
    /// <summary>
    /// Adds the pipeline as the client's outermost handler. It is built with Polly.Core directly and run by
    /// <see cref="ResilientRequestHandler"/> rather than through <c>AddResilienceHandler</c>, which records Polly's
    /// telemetry and snapshots every request (retries are counted in our own meter). Each service host gets a pipeline of its own, so that one failing service (a Service
    /// Manager) does not open the circuit breaker of another the client falls back to (an Instance Manager). Handler
    /// chains live as long as the application (infinite handler lifetime), so each host keeps one circuit breaker.
    /// </summary>
    // Polly's telemetry and the snapshot together cost about 11 µs of each cold get on loopback (README, Performance).
    public static void AddTo(IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
            var timeProvider = provider.GetRequiredService<TimeProvider>();
            var metrics = provider.GetRequiredService<InstanceManagerMetrics>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpResilience).FullName!);
            return new ResilientRequestHandler((pipeline, host) =>
            {
                pipeline.TimeProvider = timeProvider;
                Configure(pipeline, host, options, timeProvider, metrics, logger);
            });
        });

    /// <summary>
    /// Retry (when enabled) outside, then the host's <see cref="HostRequestGate"/> (always: the concurrency limit and
    /// the rate-limit pause are not resilience one may switch off), then the circuit breaker and the attempt timeout.
    /// </summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, string host, InstanceManagerOptions clientOptions, TimeProvider timeProvider, InstanceManagerMetrics metrics, ILogger logger)
    {
        var options = clientOptions.Resilience;
        var gate = new HostRequestGate(host, clientOptions.MaxConcurrentRequests, clientOptions.MaxRateLimitWait, timeProvider, metrics, logger);
        if (!options.Enabled)
        {
            pipeline.AddStrategy(_ => gate, new HostRequestGateOptions());
            return;
        }

        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // The wait an answer names (capped by MaxRateLimitWait, 0 turning it off); others back off exponentially.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    clientOptions.MaxRateLimitWait > TimeSpan.Zero && args.Outcome.Result is { } response && RetryAfterHeaders.Wait(response.Headers, timeProvider.GetUtcNow()) is { } wait
                        ? (wait < clientOptions.MaxRateLimitWait ? wait : clientOptions.MaxRateLimitWait)
                        : null),
                ShouldHandle = static args => new ValueTask<bool>(IsRateLimited(args.Outcome) || (IsIdempotent(args.Context.GetRequestMessage()) && IsTransient(args.Outcome))),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    Log.Retrying(logger, request?.Method.Method ?? "?", args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception, args.RetryDelay.TotalMilliseconds);
                    metrics.Retries.Add(1, new KeyValuePair<string, object?>("http.request.method", request?.Method.Method));
                    return default;
                },
            });
        }

        pipeline.AddStrategy(_ => gate, new HostRequestGateOptions());
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            // A rate limit says the service is well and busy: the gate slows down, the breaker need not cut it off.
            ShouldHandle = static args => new ValueTask<bool>(IsTransient(args.Outcome) && !IsRateLimited(args.Outcome)),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, args.BreakDuration.TotalSeconds);
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger);
                return default;
            },
        });

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>GET and DELETE may be repeated; a POST that may have reached the server may not.</summary>
    private static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head);

    /// <summary>A 429 was refused before the service did anything, so even a POST may be sent again.</summary>
    private static bool IsRateLimited(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests;

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => ServiceErrors.IsTransientStatus(response.StatusCode),
        _ => false,
    };
}
