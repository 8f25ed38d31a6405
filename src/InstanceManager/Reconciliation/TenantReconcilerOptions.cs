namespace InstanceManager.Reconciliation;

/// <summary>
/// The periodic reconciliation run by <c>AddInstanceManagerReconciler</c> (configuration section, for example,
/// <c>InstanceManager:Reconciler</c>), with the options of each run it makes.
/// </summary>
public sealed class TenantReconcilerOptions : ReconciliationOptions
{
    /// <summary>
    /// Whether the periodic reconciliation runs. Default <see langword="true"/>: it runs once added with
    /// <c>AddInstanceManagerReconciler</c> (nothing runs without that call); set <see langword="false"/> to turn it off
    /// through configuration.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time between the start of one run and the start of the next. 1 minute to 7 days; default 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait after the application started before the first run. 0 to 1 day; default 30 s.</summary>
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The desired tenants when no <see cref="ITenantSource"/> is registered (configuration: an array). A run whose
    /// source returns no tenant while <see cref="ReconciliationOptions.DeleteOrphans"/> is set is skipped.
    /// </summary>
    public IList<string> Tenants { get; } = [];
}
