namespace InstanceManager.Reconciliation;

/// <summary>One tenant finished in a reconciliation, reported through <see cref="IProgress{T}"/> as it happens.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Action">What was done.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it failed, when <paramref name="Outcome"/> is <see cref="ReconciliationOutcome.Failed"/>.</param>
/// <param name="Completed">Tenants finished so far in this run, this one included.</param>
/// <param name="Total">Tenants the run works on (those with nothing to do included).</param>
public sealed record ReconciliationProgress(string TenantId, ReconciliationAction Action, ReconciliationOutcome Outcome, string? Error, int Completed, int Total);
