namespace InstanceManager.Reconciliation;

/// <summary>One tenant of a reconciliation's plan: the state the service reported and what is done about it.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Desired">Whether the tenant is in the desired set.</param>
/// <param name="Status">The status of its instance, or <see langword="null"/> when it has none.</param>
/// <param name="Action">What the run does.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ReconciliationStep(string TenantId, bool Desired, InstanceStatus? Status, ReconciliationAction Action, string Reason);
