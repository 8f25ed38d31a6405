namespace InstanceManager.Reconciliation;

/// <summary>How the periodic reconciliation's last run ended, for the health check.</summary>
internal sealed class ReconcilerStatus
{
    private readonly Lock _lock = new();
    private Snapshot? _last;
    private TaskCompletionSource<Snapshot> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last run's report, or why it could not run; <see langword="null"/> before the first run.</summary>
    public Snapshot? Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Completes when the next run ends (for tests and tools that wait for a run).</summary>
    public Task<Snapshot> NextAsync()
    {
        lock (_lock)
        {
            return _next.Task;
        }
    }

    public void Ran(ReconciliationReport report, DateTimeOffset at) => Set(new Snapshot(at, report, null));

    public void CouldNotRun(string reason, DateTimeOffset at) => Set(new Snapshot(at, null, reason));

    private void Set(Snapshot snapshot)
    {
        TaskCompletionSource<Snapshot> ended;
        lock (_lock)
        {
            _last = snapshot;
            ended = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.TrySetResult(snapshot);
    }

    internal sealed record Snapshot(DateTimeOffset At, ReconciliationReport? Report, string? Problem);
}
