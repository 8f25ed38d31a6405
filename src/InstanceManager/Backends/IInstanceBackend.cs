using InstanceManager.Calls;

namespace InstanceManager.Backends;

/// <summary>
/// One mode's implementation of the per-tenant operations (Instance Manager, Service Manager, or both in migration
/// mode), including waiting for the service's asynchronous operations. Each call arrives with its
/// <see cref="CallContext"/>; tenant ids arrive normalized and checked by <see cref="ValidateTenantId"/>; caching and
/// coalescing happen in front of it.
/// </summary>
internal interface IInstanceBackend
{
    /// <summary>The backend's name in telemetry.</summary>
    string Name { get; }

    /// <summary>Throws <see cref="ArgumentException"/> for a (normalized) tenant id this mode's service cannot hold, before any request.</summary>
    void ValidateTenantId(string tenantId);

    Task<ManagedInstance> CreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken);

    Task<ManagedInstance?> GetAsync(CallContext call, CancellationToken cancellationToken);

    Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CallContext call, CancellationToken cancellationToken);

    IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CallContext call, CancellationToken cancellationToken);

    Task DeleteAsync(CallContext call, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the create and returns once the service accepted it, without waiting for the instance; a request whose
    /// outcome is unknown is settled by looking first (<see cref="CreateOnce"/>).
    /// </summary>
    Task StartCreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the delete and returns once the service accepted it (with the Service Manager, after deleting every
    /// binding of the instance); <see langword="false"/> when the tenant has no instance.
    /// </summary>
    Task<bool> StartDeleteAsync(CallContext call, CancellationToken cancellationToken);

    /// <summary>
    /// Looks once at the tenant's create or delete, reading its state from the service (never from memory), so that an
    /// operation started in another process can be followed. Sends no create or delete of an instance.
    /// </summary>
    Task<LongRunning.OperationCheck> CheckAsync(CallContext call, InstanceOperationKind kind, InstanceParameters? parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Every tenant's instance whatever its status, with the state of its binding, read from the service, for the
    /// reconciler; throws rather than return a partial view.
    /// </summary>
    Task<IReadOnlyList<TenantState>> InventoryAsync(CallContext call, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the tenant's ready instance a usable binding: deletes its failed bindings and creates one (Service
    /// Manager); throws <see cref="InvalidOperationException"/> in a mode without bindings.
    /// </summary>
    Task<ManagedInstance> RepairBindingAsync(CallContext call, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the cheapest authenticated request the service has, for the health check: throws when the service fails,
    /// and returns why it is only degraded, or <see langword="null"/>.
    /// </summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
