using InstanceManager.Calls;
using InstanceManager.Diagnostics;
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
            var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.Resilience;
            var timeProvider = provider.GetRequiredService<TimeProvider>();
            var metrics = provider.GetRequiredService<InstanceManagerMetrics>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpResilience).FullName!);
            return new ResilientRequestHandler(pipeline =>
            {
                pipeline.TimeProvider = timeProvider;
                Configure(pipeline, options, metrics, logger);
            });
        });

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, InstanceManagerResilienceOptions options, InstanceManagerMetrics metrics, ILogger logger)
    {
        if (!options.Enabled)
        {
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
                ShouldRetryAfterHeader = true,
                ShouldHandle = static args => new ValueTask<bool>(IsIdempotent(args.Context.GetRequestMessage()) && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    Log.Retrying(logger, request?.Method.Method ?? "?", args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception, args.RetryDelay.TotalMilliseconds);
                    metrics.Retries.Add(1, new KeyValuePair<string, object?>("http.request.method", request?.Method.Method));
                    return default;
                },
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            ShouldHandle = static args => new ValueTask<bool>(IsTransient(args.Outcome)),
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

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => ServiceErrors.IsTransientStatus(response.StatusCode),
        _ => false,
    };
}
