namespace InstanceManager.Reconciliation;

/// <summary>One replica alone, or replicas that do not coordinate: the lease is always granted.</summary>
internal sealed class LocalReconciliationLease : IReconciliationLease
{
    public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(Held.Instance);

    private sealed class Held : IAsyncDisposable
    {
        public static readonly Held Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
