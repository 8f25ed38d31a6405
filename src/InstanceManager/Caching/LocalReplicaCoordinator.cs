namespace InstanceManager.Caching;

/// <summary>One replica alone: every call goes to the service, there is nobody to tell.</summary>
internal sealed class LocalReplicaCoordinator : IReplicaCoordinator
{
    public Task<ManagedInstance?> GetAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance?>> fetch, CancellationToken cancellationToken) =>
        fetch(cancellationToken);

    public Task<ManagedInstance> CreateAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance>> create, CancellationToken cancellationToken) =>
        create(cancellationToken);

    public Task<IReadOnlyList<ManagedInstance>> GetAllAsync(Func<CancellationToken, Task<IReadOnlyList<ManagedInstance>>> list, CancellationToken cancellationToken) =>
        list(cancellationToken);

    public Task InvalidateAsync(string tenantId, CancellationToken cancellationToken) => Task.CompletedTask;
}
