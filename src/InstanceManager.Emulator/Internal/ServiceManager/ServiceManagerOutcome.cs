namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>What became of a create or delete request to the <see cref="ServiceManagerStore"/>.</summary>
internal enum ServiceManagerOutcome
{
    /// <summary>The operation started (or, for a repeated delete, is still under way).</summary>
    Started,

    /// <summary>The resource, or the plan or instance the body names, does not exist.</summary>
    NotFound,

    /// <summary>A resource of that name exists already, or an instance still has bindings.</summary>
    Conflict,

    /// <summary>The instance to bind is not ready (being created, failed, or being deleted).</summary>
    NotReady,

    /// <summary>Another operation on the resource is in progress.</summary>
    Busy,
}
