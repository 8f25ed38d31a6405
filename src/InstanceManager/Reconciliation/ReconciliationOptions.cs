namespace InstanceManager.Reconciliation;

/// <summary>How one run of <see cref="TenantReconciler.ReconcileAsync"/> converges the tenants.</summary>
public class ReconciliationOptions
{
    /// <summary>Computes and returns the plan without changing anything (no create, delete or binding). Default <see langword="false"/>.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Deletes instances of tenants that are not desired (orphans), at most <see cref="MaxDeletions"/> in one run.
    /// Default <see langword="false"/>: orphans are only reported.
    /// </summary>
    public bool DeleteOrphans { get; set; }

    /// <summary>
    /// The most orphans one run deletes (a safety cap, so that an empty or truncated list of desired tenants cannot
    /// wipe the fleet); the others are reported as orphans left. 0 to 10,000; default 5.
    /// </summary>
    public int MaxDeletions { get; set; } = 5;

    /// <summary>How many tenants are worked on at the same time. 1 to 256; default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How many times one run creates a tenant whose creation fails (<see cref="InstanceStatus.CreationFailed"/>),
    /// deleting the failed instance before each new attempt. 1 to 100; default 3.
    /// </summary>
    public int MaxCreateAttempts { get; set; } = 3;

    /// <summary>The wait before the second create of a tenant whose creation failed, doubled before each next one. 0 to 1 hour; default 5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
