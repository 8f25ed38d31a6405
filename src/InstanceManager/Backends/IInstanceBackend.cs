namespace InstanceManager.Backends;

/// <summary>
/// One wire protocol's implementation of the per-tenant operations, including waiting for the service's
/// asynchronous operations. Tenant ids arrive validated; caching and coalescing happen in front of it.
/// </summary>
internal interface IInstanceBackend
{
    /// <summary>The backend's name in telemetry.</summary>
    string Name { get; }

    Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters, CancellationToken cancellationToken);

    Task<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken);

    Task DeleteAsync(string tenantId, CancellationToken cancellationToken);
}
