namespace InstanceManager.Reconciliation;

/// <summary>
/// The tenants that should have an instance, for the periodic reconciliation (for example the application's
/// subscription table). Register one in the services; without one, the reconciler reads
/// <see cref="TenantReconcilerOptions.Tenants"/>.
/// </summary>
public interface ITenantSource
{
    /// <summary>Reads the desired tenants. An exception skips the run (nothing is changed), and is reported by the health check.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The desired tenant ids.</returns>
    Task<IReadOnlyCollection<string>> GetDesiredTenantsAsync(CancellationToken cancellationToken);
}
