using System.Diagnostics;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Polling;

/// <summary>
/// Waits for the service's asynchronous operations: one loop with every wait in one place, as Azure.Core's operation
/// poller is written. A pipeline of Polly strategies did this before, but a poll loop needs none of what Polly adds
/// (its retry treated "in progress" as a failure to retry, its timeout restarted with every wait); the HTTP requests
/// each poll sends still go through the Polly resilience pipeline. All time goes through <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The budget is the call's: <see cref="InstanceManagerOptions.PollingTimeout"/> counted from
/// <see cref="CallContext.StartedAt"/>, so every operation one call waits for (an instance, then its binding) shares
/// it, and the call fails with <see cref="InstanceManagerTimeoutException"/> when it runs out.
/// </remarks>
internal sealed class InstancePoller(IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, InstanceManagerMetrics metrics, ILogger<InstancePoller> logger)
{
    private readonly InstanceManagerOptions _options = options.Value;

    /// <summary>
    /// Polls until <paramref name="poll"/> reports completion, the call's polling budget runs out or
    /// <paramref name="cancellationToken"/> is cancelled. A poll that fails transiently (after the HTTP pipeline's own
    /// retries) is repeated after the next wait; any other failure ends polling at once.
    /// </summary>
    /// <param name="call">The call waiting; its start bounds the wait.</param>
    /// <param name="startedAt">When the operation waited for started (<see cref="TimeProvider.GetTimestamp"/>); the adaptive waits grow from it.</param>
    /// <param name="pollFirst">
    /// Whether the operation was just started and its state not read yet. The reference-compatible strategy then
    /// polls at once, as the official clients do; the adaptive one waits first, as an operation the service
    /// just accepted is still in progress. Otherwise the first poll always comes after one wait.
    /// </param>
    /// <param name="retryAfter">The <c>Retry-After</c> of the answer that showed the operation in progress, if any; the first wait honours it.</param>
    /// <param name="state">Passed to <paramref name="poll"/> (avoids a closure).</param>
    /// <param name="poll">One poll.</param>
    /// <param name="cancellationToken">Stops polling; no request is made after it is cancelled.</param>
    public async Task<T> PollAsync<T, TState>(CallContext call, long startedAt, bool pollFirst, TimeSpan? retryAfter, TState state, Func<TState, CancellationToken, Task<PollStep<T>>> poll, CancellationToken cancellationToken)
    {
        var budget = _options.PollingTimeout;
        var remaining = budget - timeProvider.GetElapsedTime(call.StartedAt);
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var polls = 0;
        try
        {
            TimeSpan? wait = pollFirst && _options.PollingStrategy == PollingStrategy.ReferenceCompatible ? null : FirstDelay(startedAt, retryAfter);
            while (true)
            {
                // No pattern variables and no variable assigned only in a try: mutation testing cannot instrument such a
                // method (it would declare the variable twice, or read it unassigned), and would skip all of it.
                if (wait.HasValue)
                {
                    await Task.Delay(wait.Value, timeProvider, linked.Token).ConfigureAwait(false);
                }

                linked.Token.ThrowIfCancellationRequested();
                polls++;
                if (call.TenantId is not null)
                {
                    Log.Polling(logger, call.Operation, call.TenantId);
                }
                else
                {
                    Log.PollingOperation(logger, call.Operation);
                }

                var step = await TryPollAsync(poll, state, linked).ConfigureAwait(false);
                if (!step.HasValue)
                {
                    wait = NextDelay(startedAt, polls, retryAfter: null);
                    continue;
                }

                if (step.Value.IsCompleted)
                {
                    return step.Value.Result;
                }

                wait = NextDelay(startedAt, polls, step.Value.RetryAfter);
            }
        }
        catch (Exception exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && exception is OperationCanceledException or InstanceManagerException { IsTransient: true })
        {
            throw ServiceErrors.Timeout(call, budget, exception);
        }
        finally
        {
            metrics.Polls.Record(polls, new KeyValuePair<string, object?>(InstanceManagerTelemetry.OperationTag, call.Operation));
            Activity.Current?.SetTag(InstanceManagerTelemetry.PollsTag, polls);
        }
    }

    /// <summary>One poll; <see langword="null"/> when it failed transiently (after the HTTP pipeline's own retries) and polling goes on.</summary>
    private static async Task<PollStep<T>?> TryPollAsync<T, TState>(Func<TState, CancellationToken, Task<PollStep<T>>> poll, TState state, CancellationTokenSource linked)
    {
        try
        {
            return await poll(state, linked.Token).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (exception.IsTransient && !linked.IsCancellationRequested)
        {
            return null;
        }
    }

    private TimeSpan FirstDelay(long startedAt, TimeSpan? retryAfter) =>
        _options.PollingStrategy == PollingStrategy.ReferenceCompatible
            ? (retryAfter > _options.PollingInterval ? retryAfter.Value : _options.PollingInterval)
            : Adaptive(startedAt, retryAfter);

    private TimeSpan NextDelay(long startedAt, int pollsMade, TimeSpan? retryAfter)
    {
        if (_options.PollingStrategy == PollingStrategy.ReferenceCompatible)
        {
            var wait = PollDelays.ReferenceCompatible(pollsMade, _options.PollingInterval);
            return retryAfter > wait ? retryAfter.Value : wait;
        }

        return Adaptive(startedAt, retryAfter);
    }

    // Jitter spreads the polls of many replicas; its source need not be reproducible.
#pragma warning disable CA5394 // Not security relevant.
    private TimeSpan Adaptive(long startedAt, TimeSpan? retryAfter) =>
        PollDelays.Adaptive(timeProvider.GetElapsedTime(startedAt), _options.PollingInterval, _options.MaxPollingDelay, retryAfter, Random.Shared.NextDouble());
#pragma warning restore CA5394
}
