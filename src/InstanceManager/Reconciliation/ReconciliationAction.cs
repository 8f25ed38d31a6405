namespace InstanceManager.Reconciliation;

/// <summary>What a reconciliation does for one tenant, decided from the state the service reports.</summary>
public enum ReconciliationAction
{
    /// <summary>The tenant is desired and usable: nothing to do.</summary>
    None = 0,

    /// <summary>The desired tenant has no instance: create it.</summary>
    Create,

    /// <summary>The desired tenant's creation is in progress: wait for it (never a second create).</summary>
    AwaitCreation,

    /// <summary>The desired tenant's creation failed: delete the failed instance and create it again.</summary>
    Recreate,

    /// <summary>The desired tenant's deletion is in progress, or failed: wait until it is gone (deleting it again if it failed), then create it.</summary>
    AwaitDeletionThenCreate,

    /// <summary>With the Service Manager, the desired tenant's instance has no usable binding: create one, replacing failed ones.</summary>
    RepairBinding,

    /// <summary>The instance belongs to a tenant that is not desired: delete it (<see cref="ReconciliationOptions.DeleteOrphans"/>).</summary>
    DeleteOrphan,

    /// <summary>The instance belongs to a tenant that is not desired and is left alone: only reported.</summary>
    ReportOrphan,

    /// <summary>Nothing can be done for the tenant: an invalid id, or a status this library does not know.</summary>
    Reject,
}
