namespace InstanceManager;

/// <summary>A client created by <see cref="InstanceManagerClientFactory"/>: disposing it also disposes the services it was built from.</summary>
internal sealed class OwningInstanceManagerClient(IInstanceManagerClient inner, IDisposable services) : IInstanceManagerClient
{
    public Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(tenantId, parameters, cancellationToken);

    public ValueTask<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken = default) =>
        inner.GetAsync(tenantId, cancellationToken);

    public Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken = default) =>
        inner.GetAllAsync(cancellationToken);

    public IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken = default) =>
        inner.EnumerateAllAsync(cancellationToken);

    public Task DeleteAsync(string tenantId, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(tenantId, cancellationToken);

    public void Dispose() => services.Dispose();
}
