namespace InstanceManager.Reconciliation;

/// <summary>
/// Converges the tenants' instances to a desired set of tenants: creates what is missing, waits for creations in
/// progress (never a second create), replaces failed instances and bindings, and reports (or, when asked, deletes)
/// instances of tenants that are not desired. Every run reads the state from the service, so a run can be
/// cancelled or killed at any point and a new one re-attaches to the operations already in flight. Get it from the
/// services registered by <c>AddInstanceManager…</c>.
/// </summary>
public sealed class TenantReconciler
{
    internal TenantReconciler()
    {
    }

    /// <summary>Reads every tenant's state from the service and converges it to <paramref name="desiredTenants"/>.</summary>
    /// <param name="desiredTenants">The tenants that should have a usable instance. Invalid ids are reported as failed; duplicates count once.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Told of each tenant as it finishes.</param>
    /// <param name="cancellationToken">Stops the run; operations the service accepted go on, and the next run re-attaches to them.</param>
    /// <returns>What was done, each tenant at most once.</returns>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="InstanceManagerException">The state could not be read from the service (nothing was changed).</exception>
    public Task<ReconciliationReport> ReconcileAsync(IEnumerable<string> desiredTenants, ReconciliationOptions? options = null, IProgress<ReconciliationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        throw new NotImplementedException();
    }
}
