namespace InstanceManager.Reconciliation;

/// <summary>How the periodic reconciliation's last run ended, for the health check.</summary>
internal sealed class ReconcilerStatus
{
    private volatile Snapshot? _last;

    /// <summary>The last run's report, or why it could not run; <see langword="null"/> before the first run.</summary>
    public Snapshot? Last => _last;

    public void Ran(ReconciliationReport report, DateTimeOffset at) => _last = new Snapshot(at, report, null);

    public void CouldNotRun(string reason, DateTimeOffset at) => _last = new Snapshot(at, null, reason);

    internal sealed record Snapshot(DateTimeOffset At, ReconciliationReport? Report, string? Problem);
}
