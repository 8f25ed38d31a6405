using System.Diagnostics;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace InstanceManager.Polling;

/// <summary>
/// Waits for the service's asynchronous operations. One Polly pipeline, built once: a retry strategy that treats
/// "still in progress" as a result to retry (its delay generator implements the <see cref="PollingStrategy"/>),
/// inside a timeout strategy for the total polling budget. All time goes through <see cref="TimeProvider"/>.
/// </summary>
internal sealed class InstancePoller
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("InstanceManager.PollStartedAt");

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly InstanceManagerOptions _options;
    private readonly ILogger<InstancePoller> _logger;
    private readonly InstanceManagerMetrics _metrics;

    public InstancePoller(IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, InstanceManagerMetrics metrics, ILogger<InstancePoller> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = _options.PollingTimeout })
            .AddRetry(new RetryStrategyOptions
            {
                // Still in progress, or a poll failed transiently (after the HTTP pipeline's own retries): poll again
                // within the polling budget. A definite answer (failed status, 4xx) ends polling at once.
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Result is IPollStep { IsCompleted: false } || args.Outcome.Exception is InstanceManagerException { IsTransient: true }),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(args)),
            })
            .Build();
    }

    /// <summary>
    /// Polls until <paramref name="poll"/> reports completion, the polling timeout elapses or
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="operation">The operation waited for, for messages.</param>
    /// <param name="tenantId">The tenant, for messages; <see langword="null"/> for a Service Manager call that concerns no tenant.</param>
    /// <param name="startedAt">When the operation started (<see cref="TimeProvider.GetTimestamp"/>); the adaptive waits grow from it.</param>
    /// <param name="pollFirst">
    /// Whether the operation was just started and its state not read yet. The reference-compatible strategy then
    /// polls at once, as the official clients do; the adaptive one waits first, as an operation the service
    /// just accepted is still in progress. Otherwise the first poll always comes after one wait.
    /// </param>
    /// <param name="retryAfter">The <c>Retry-After</c> of the answer that showed the operation in progress, if any; the first wait honours it.</param>
    /// <param name="state">Passed to <paramref name="poll"/> (avoids a closure).</param>
    /// <param name="poll">One poll.</param>
    /// <param name="cancellationToken">Stops polling; no request is made after it is cancelled.</param>
    public async Task<T> PollAsync<T, TState>(string operation, string? tenantId, long startedAt, bool pollFirst, TimeSpan? retryAfter, TState state, Func<TState, CancellationToken, Task<PollStep<T>>> poll, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, startedAt);
        try
        {
            var step = await _pipeline.ExecuteAsync(
                static async (context, arguments) =>
                {
                    var (poller, state, poll, waitFirst, operation, tenantId, retryAfter) = arguments;
                    if (waitFirst && !context.Properties.TryGetValue(WaitedFirst, out _))
                    {
                        context.Properties.Set(WaitedFirst, true);
                        await Task.Delay(poller.FirstDelay(context, retryAfter), poller._timeProvider, context.CancellationToken).ConfigureAwait(false);
                    }

                    context.Properties.Set(Polls, context.Properties.GetValue(Polls, 0) + 1);
                    if (tenantId is null)
                    {
                        Log.PollingOperation(poller._logger, operation);
                    }
                    else
                    {
                        Log.Polling(poller._logger, operation, tenantId);
                    }

                    return await poll(state, context.CancellationToken).ConfigureAwait(false);
                },
                context,
                (this, state, poll, !pollFirst || _options.PollingStrategy != PollingStrategy.ReferenceCompatible, operation, tenantId, retryAfter)).ConfigureAwait(false);
            return step.Result;
        }
        catch (TimeoutRejectedException exception)
        {
            throw tenantId is null
                ? new InstanceManagerTimeoutException(operation, _options.PollingTimeout, exception)
                : new InstanceManagerTimeoutException(operation, tenantId, _options.PollingTimeout, exception);
        }
        finally
        {
            var polls = context.Properties.GetValue(Polls, 0);
            _metrics.Polls.Record(polls, new KeyValuePair<string, object?>(InstanceManagerTelemetry.OperationTag, operation));
            Activity.Current?.SetTag(InstanceManagerTelemetry.PollsTag, polls);
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<bool> WaitedFirst = new("InstanceManager.WaitedFirst");
    private static readonly ResiliencePropertyKey<int> Polls = new("InstanceManager.Polls");

    private TimeSpan FirstDelay(ResilienceContext context, TimeSpan? retryAfter) =>
        _options.PollingStrategy == PollingStrategy.ReferenceCompatible
            ? (retryAfter > _options.PollingInterval ? retryAfter.Value : _options.PollingInterval)
            : PollDelays.Adaptive(Elapsed(context), _options.PollingInterval, _options.MaxPollingDelay, retryAfter, Random.Shared.NextDouble());

    private TimeSpan NextDelay(RetryDelayGeneratorArguments<object> args)
    {
        var retryAfter = (args.Outcome.Result as IPollStep)?.RetryAfter;
        if (_options.PollingStrategy == PollingStrategy.ReferenceCompatible)
        {
            var requestsMade = args.AttemptNumber + 1;
            var wait = PollDelays.ReferenceCompatible(requestsMade, _options.PollingInterval);
            return retryAfter > wait ? retryAfter.Value : wait;
        }

        // Jitter spreads the polls of many replicas; its source need not be reproducible.
#pragma warning disable CA5394 // Not security relevant.
        return PollDelays.Adaptive(Elapsed(args.Context), _options.PollingInterval, _options.MaxPollingDelay, retryAfter, Random.Shared.NextDouble());
#pragma warning restore CA5394
    }

    private TimeSpan Elapsed(ResilienceContext context) =>
        _timeProvider.GetElapsedTime(context.Properties.GetValue(StartedAt, _timeProvider.GetTimestamp()));
}
