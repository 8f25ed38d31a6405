namespace InstanceManager.Reconciliation;

/// <summary>
/// Lets one replica of the application at a time run the periodic reconciliation. Without a coordinating package
/// (such as <c>InstanceManager.Redis</c>) it is <see cref="LocalReconciliationLease"/>, which always grants it: runs on
/// several replicas are then redundant but safe, as a run reads every state from the service.
/// </summary>
/// <remarks>
/// Implementations keep the lease while it is held (renewing it however long the run takes) and never throw for their
/// own trouble (an unreachable coordination server): they grant the lease then, as a redundant run is harmless.
/// </remarks>
internal interface IReconciliationLease
{
    /// <summary>The lease, released when disposed; <see langword="null"/> when another replica holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken);
}
