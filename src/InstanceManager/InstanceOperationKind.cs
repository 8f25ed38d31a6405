namespace InstanceManager;

/// <summary>What an <see cref="InstanceOperation"/> does to its tenant's instance.</summary>
public enum InstanceOperationKind
{
    /// <summary>Creates the tenant's instance (with the Service Manager: the instance and its binding).</summary>
    Create,

    /// <summary>Deletes the tenant's instance (with the Service Manager: its bindings, then the instance).</summary>
    Delete,
}
