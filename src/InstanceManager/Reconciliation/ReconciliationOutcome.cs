namespace InstanceManager.Reconciliation;

/// <summary>How one tenant ended in a reconciliation.</summary>
public enum ReconciliationOutcome
{
    /// <summary>Desired and usable before the run: nothing was changed.</summary>
    Unchanged = 0,

    /// <summary>Desired without an instance, or with its creation in progress: it now has a usable instance.</summary>
    Created,

    /// <summary>Desired with a failed instance, or one being deleted: it was replaced by a usable one.</summary>
    Healed,

    /// <summary>Desired, with a usable instance but no usable binding (Service Manager): a binding was created.</summary>
    Repaired,

    /// <summary>Not desired: its instance was deleted.</summary>
    Deleted,

    /// <summary>Not desired: its instance was left (deleting orphans was not asked, or the run's deletion cap was reached).</summary>
    OrphanLeft,

    /// <summary>The tenant could not be converged; see <see cref="ReconciliationProgress.Error"/> or <see cref="ReconciliationReport.Failed"/>.</summary>
    Failed,
}
