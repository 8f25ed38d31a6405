using InstanceManager.Backends;

namespace InstanceManager.Reconciliation;

/// <summary>Decides what to do for each tenant from the desired set and the states the service reports. Pure: no requests.</summary>
internal static class ReconciliationPlanner
{
    /// <summary>
    /// One step per tenant, desired tenants and orphans alike, in ordinal order of tenant id. Orphans are deleted in
    /// that order until <see cref="ReconciliationOptions.MaxDeletions"/> is reached; an orphan already being deleted
    /// needs no request of its own and does not count.
    /// </summary>
    public static List<ReconciliationStep> Plan(IReadOnlyCollection<string> desired, IReadOnlyList<TenantState> states, ReconciliationOptions options)
    {
        var byTenant = new Dictionary<string, TenantState>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            byTenant.TryAdd(state.TenantId, state);
        }

        var steps = new List<ReconciliationStep>(desired.Count + byTenant.Count);
        foreach (var tenant in desired)
        {
            steps.Add(ForDesired(tenant, byTenant.GetValueOrDefault(tenant)));
        }

        var desiredSet = desired as IReadOnlySet<string> ?? desired.ToHashSet(StringComparer.Ordinal);
        var deletions = 0;
        foreach (var state in byTenant.Values.Where(state => !desiredSet.Contains(state.TenantId)).OrderBy(state => state.TenantId, StringComparer.Ordinal))
        {
            steps.Add(ForOrphan(state, options, ref deletions));
        }

        steps.Sort(static (left, right) => string.CompareOrdinal(left.TenantId, right.TenantId));
        return steps;
    }

    private static ReconciliationStep ForDesired(string tenant, TenantState? state)
    {
        if (state is null)
        {
            return new(tenant, true, null, ReconciliationAction.Create, "the tenant has no instance.");
        }

        var (action, reason) = state.Status switch
        {
            InstanceStatus.CreationSucceeded => state.Binding switch
            {
                BindingState.Missing => (ReconciliationAction.RepairBinding, "the instance has no binding."),
                BindingState.Failed => (ReconciliationAction.RepairBinding, "the instance's binding failed."),
                // The Service Manager finishes a binding it accepted on its own; a second one would be a duplicate.
                BindingState.InProgress => (ReconciliationAction.None, "the instance's binding is being created; the next run sees how it ended."),
                _ => (ReconciliationAction.None, "the instance is usable."),
            },
            InstanceStatus.CreationInProgress => (ReconciliationAction.AwaitCreation, "the instance is being created."),
            InstanceStatus.CreationFailed => (ReconciliationAction.Recreate, Failed("the instance's creation failed", state)),
            InstanceStatus.DeletionInProgress => (ReconciliationAction.AwaitDeletionThenCreate, "the instance is being deleted."),
            InstanceStatus.DeletionFailed => (ReconciliationAction.AwaitDeletionThenCreate, Failed("the instance's deletion failed", state)),
            _ => (ReconciliationAction.Reject, "the service reports a status this library does not know; the instance is left alone."),
        };
        return new(tenant, true, state.Status, action, reason);
    }

    private static ReconciliationStep ForOrphan(TenantState state, ReconciliationOptions options, ref int deletions)
    {
        if (!options.DeleteOrphans)
        {
            return new(state.TenantId, false, state.Status, ReconciliationAction.ReportOrphan, "the tenant is not desired; deleting orphans was not asked.");
        }

        if (state.Status == InstanceStatus.DeletionInProgress)
        {
            return new(state.TenantId, false, state.Status, ReconciliationAction.DeleteOrphan, "the tenant is not desired and its instance is being deleted.");
        }

        if (deletions >= options.MaxDeletions)
        {
            return new(state.TenantId, false, state.Status, ReconciliationAction.ReportOrphan, $"the tenant is not desired, but this run already deletes {options.MaxDeletions} orphan(s) (MaxDeletions).");
        }

        deletions++;
        return new(state.TenantId, false, state.Status, ReconciliationAction.DeleteOrphan, state.Status == InstanceStatus.DeletionFailed
            ? Failed("the tenant is not desired and its instance's deletion failed", state)
            : "the tenant is not desired.");
    }

    private static string Failed(string what, TenantState state) =>
        state.FailedMessage is { Length: > 0 } message ? $"{what}: {OneLine(message)}" : $"{what}.";

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 300), "…");
    }
}
