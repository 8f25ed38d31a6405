using System.Collections.Concurrent;

namespace InstanceManager;

/// <summary>
/// Coalesces concurrent calls for the same key into one execution whose result (or exception) every caller
/// receives. A caller whose own token is cancelled stops waiting; the shared work is cancelled only when every
/// caller waiting for it has left, so one impatient caller never cancels the others and an abandoned operation
/// makes no further requests. Different keys never wait on each other.
/// </summary>
internal sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    public Task<TResult> RunAsync<TState>(string key, TState state, Func<TState, CancellationToken, Task<TResult>> work, CancellationToken lifetime, CancellationToken cancellationToken) =>
        // A caller that cannot cancel waits for the flight itself, without a wait of its own.
        cancellationToken.CanBeCanceled ? JoinAndWaitAsync(key, state, work, lifetime, cancellationToken) : Join(key, state, work, lifetime).Task;

    private async Task<TResult> JoinAndWaitAsync<TState>(string key, TState state, Func<TState, CancellationToken, Task<TResult>> work, CancellationToken lifetime, CancellationToken cancellationToken)
    {
        // Otherwise a caller that is already cancelled would start work that runs until its own leave cancels it.
        cancellationToken.ThrowIfCancellationRequested();
        var flight = Join(key, state, work, lifetime);
        try
        {
            return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !flight.Task.IsCompleted)
        {
            flight.Leave();
            throw;
        }
    }

    private Flight Join<TState>(string key, TState state, Func<TState, CancellationToken, Task<TResult>> work, CancellationToken lifetime)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing.TryJoin())
                {
                    return existing;
                }

                // Abandoned by all its callers and being cancelled: let it go and start afresh.
                _flights.TryRemove(KeyValuePair.Create(key, existing));
                continue;
            }

            var flight = new Flight(lifetime);
            if (_flights.TryAdd(key, flight))
            {
                flight.Start(key, state, work, _flights);
                return flight;
            }

            // Stryker disable once Statement : equivalent, the flight that lost the race was never started; disposing it only frees its token source sooner.
            flight.Dispose();
        }
    }

    private sealed class Flight : IDisposable
    {
        // Callers continue on the thread that ends the flight, as after any awaited call; queueing them instead cost
        // one more thread-pool dispatch per cold get (README, Performance: cold gets).
        private readonly TaskCompletionSource<TResult> _completion = new();
        private readonly CancellationTokenSource _cancellation;
        private readonly Lock _lock = new();
        private int _waiters = 1;
        private bool _abandoned;

        public Flight(CancellationToken lifetime) => _cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime);

        public Task<TResult> Task => _completion.Task;

        public bool TryJoin()
        {
            lock (_lock)
            {
                if (_abandoned)
                {
                    return false;
                }

                _waiters++;
                return true;
            }
        }

        public void Leave()
        {
            lock (_lock)
            {
                if (--_waiters > 0 || _abandoned)
                {
                    return;
                }

                _abandoned = true;
            }

            _cancellation.Cancel();
        }

        public void Start<TState>(string key, TState state, Func<TState, CancellationToken, Task<TResult>> work, ConcurrentDictionary<string, Flight> flights) =>
            _ = RunAsync(key, state, work, flights);

        public void Dispose() => _cancellation.Dispose();

        private async Task RunAsync<TState>(string key, TState state, Func<TState, CancellationToken, Task<TResult>> work, ConcurrentDictionary<string, Flight> flights)
        {
            try
            {
                // Yield so the first caller's synchronous part (and its lock-free join) is not held up by the work.
                await System.Threading.Tasks.Task.Yield();
                var result = await work(state, _cancellation.Token).ConfigureAwait(false);
                flights.TryRemove(KeyValuePair.Create(key, this));
                _completion.TrySetResult(result);
            }
            catch (OperationCanceledException exception)
            {
                flights.TryRemove(KeyValuePair.Create(key, this));
                _completion.TrySetCanceled(exception.CancellationToken);
            }
            catch (Exception exception)
            {
                flights.TryRemove(KeyValuePair.Create(key, this));
                _completion.TrySetException(exception);
            }
            finally
            {
                // Stryker disable once Statement : equivalent for every caller; it unlinks the token source from the client's lifetime (memory only).
                Dispose();
            }
        }
    }
}
