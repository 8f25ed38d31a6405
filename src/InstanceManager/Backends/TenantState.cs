namespace InstanceManager.Backends;

/// <summary>One tenant's instance as the service reports it, for the reconciler: its status and, with the Service Manager, its binding's.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Status">The instance's status.</param>
/// <param name="Binding">The state of the tenant's binding (<see cref="BindingState.NotApplicable"/> with the Instance Manager).</param>
/// <param name="FailedMessage">Why the last operation failed, if the service says.</param>
internal sealed record TenantState(string TenantId, InstanceStatus Status, BindingState Binding, string? FailedMessage);

/// <summary>The state of the binding a Service Manager tenant's credentials come from.</summary>
internal enum BindingState
{
    /// <summary>The Instance Manager has no bindings: its instances carry their credentials.</summary>
    NotApplicable = 0,

    /// <summary>A ready binding exists.</summary>
    Ready,

    /// <summary>No binding exists.</summary>
    Missing,

    /// <summary>A binding is being created.</summary>
    InProgress,

    /// <summary>Bindings exist, but their creation failed.</summary>
    Failed,
}
