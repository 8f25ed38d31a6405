namespace InstanceManager.Reconciliation;

/// <summary>A tenant a reconciliation could not converge, and why.</summary>
/// <param name="TenantId">The tenant (as given, for an invalid id).</param>
/// <param name="Error">What went wrong, in one line; it never contains a secret.</param>
public sealed record ReconciliationFailure(string TenantId, string Error);
