namespace InstanceManager.Caching;

/// <summary>
/// What the facade asks of the other replicas of the application, if any: a second-level cache and one service call
/// per tenant across replicas for a miss, a create or a list, and invalidation messages. Without a coordinating
/// package (such as <c>InstanceManager.Redis</c>) it is <see cref="LocalReplicaCoordinator"/>, which just makes the
/// call. Only the facade calls it, and only off the cache-hit path.
/// </summary>
/// <remarks>
/// Implementations never throw for their own trouble (an unreachable coordination server): they fall back to making
/// the call. Exceptions of <c>fetch</c>, <c>create</c> and <c>list</c> reach the caller unchanged.
/// </remarks>
internal interface IReplicaCoordinator
{
    /// <summary>A miss of the in-process cache: the tenant's instance from the shared cache, else from <paramref name="fetch"/>, called once across replicas.</summary>
    Task<ManagedInstance?> GetAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance?>> fetch, CancellationToken cancellationToken);

    /// <summary>A create: <paramref name="create"/> once across replicas creating the same tenant at the same time, whose result every one of them gets.</summary>
    Task<ManagedInstance> CreateAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance>> create, CancellationToken cancellationToken);

    /// <summary>A list of every instance: <paramref name="list"/> once across replicas listing at the same time.</summary>
    Task<IReadOnlyList<ManagedInstance>> GetAllAsync(Func<CancellationToken, Task<IReadOnlyList<ManagedInstance>>> list, CancellationToken cancellationToken);

    /// <summary>The tenant's instance is gone or no longer valid (deleted, invalidated): drop it everywhere.</summary>
    Task InvalidateAsync(string tenantId, CancellationToken cancellationToken);
}
