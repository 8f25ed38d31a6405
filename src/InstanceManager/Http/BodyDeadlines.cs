using Microsoft.Extensions.ObjectPool;

namespace InstanceManager.Http;

/// <summary>
/// The deadline for reading one answer's body: cancelled after <see cref="InstanceManagerResilienceOptions.AttemptTimeout"/>
/// or when the caller cancels. With the system clock its token source comes from a pool and goes back to it unless it
/// was cancelled (as Polly's timeout strategy does); with another <see cref="TimeProvider"/> (a fake clock in tests)
/// each body gets a token source of that clock's.
/// </summary>
// A new timed token source linked to the caller's token allocated two sources, a timer and two registrations per
// body; the pooled source costs one registration on the caller's token (README, Performance: cold gets).
internal sealed class BodyDeadlines(TimeSpan timeout, TimeProvider timeProvider)
{
    private readonly ObjectPool<CancellationTokenSource>? _pool =
        ReferenceEquals(timeProvider, TimeProvider.System) ? new DefaultObjectPool<CancellationTokenSource>(new ResettingPolicy(), maximumRetained: 256) : null;

    /// <summary>Starts the deadline of one body; dispose it once the body is read.</summary>
    public Deadline Start(CancellationToken cancellationToken)
    {
        CancellationTokenSource source;
        if (_pool is null)
        {
            source = new CancellationTokenSource(timeout, timeProvider);
        }
        else
        {
            source = _pool.Get();
            source.CancelAfter(timeout);
        }

        var registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source);
        return new Deadline(this, source, registration);
    }

    private void Return(CancellationTokenSource source)
    {
        if (_pool is null)
        {
            source.Dispose();
        }
        else
        {
            _pool.Return(source);
        }
    }

    /// <summary>One body's deadline: its <see cref="Token"/> is cancelled when the time is up or the caller cancels.</summary>
    internal readonly struct Deadline : IDisposable
    {
        private readonly BodyDeadlines _owner;
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenRegistration _registration;

        public Deadline(BodyDeadlines owner, CancellationTokenSource source, CancellationTokenRegistration registration)
        {
            _owner = owner;
            _source = source;
            _registration = registration;
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            // First the registration, so that the caller's cancellation cannot reach a source already reused.
            _registration.Dispose();
            _owner.Return(_source);
        }
    }

    /// <summary>Keeps a source only if it can be reset (it was not cancelled); the pool drops the others.</summary>
    private sealed class ResettingPolicy : PooledObjectPolicy<CancellationTokenSource>
    {
        public override CancellationTokenSource Create() => new();

        public override bool Return(CancellationTokenSource obj)
        {
            if (obj.TryReset())
            {
                return true;
            }

            obj.Dispose();
            return false;
        }
    }
}
