using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager;

/// <summary>
/// A client created by <see cref="InstanceManagerClientFactory"/>, outside a dependency-injection container. It owns
/// its connections, cache and timers, as an <see cref="HttpClient"/> does: dispose it when done.
/// </summary>
/// <remarks>
/// Code that only uses the client should take <see cref="IInstanceManagerClient"/>, which is not disposable: only the
/// code that created the client owns it. A client from a container (<c>services.AddInstanceManager(…)</c>) is owned by
/// the container and disposed with it. Disposing cancels operations in flight; calls after that throw
/// <see cref="ObjectDisposedException"/>. Thread-safe.
/// </remarks>
public sealed class StandaloneInstanceManagerClient : IInstanceManagerClient, IDisposable, IAsyncDisposable
{
    private readonly IInstanceManagerClient _inner;
    private readonly ServiceProvider _services;

    internal StandaloneInstanceManagerClient(IInstanceManagerClient inner, ServiceProvider services)
    {
        _inner = inner;
        _services = services;
    }

    /// <inheritdoc/>
    public Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default) =>
        _inner.CreateAsync(tenantId, parameters, cancellationToken);

    /// <inheritdoc/>
    public Task<InstanceOperation> StartCreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default) =>
        _inner.StartCreateAsync(tenantId, parameters, cancellationToken);

    /// <inheritdoc/>
    public Task<InstanceOperation> StartDeleteAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _inner.StartDeleteAsync(tenantId, cancellationToken);

    /// <inheritdoc/>
    public InstanceOperation ResumeOperation(string id) => _inner.ResumeOperation(id);

    /// <inheritdoc/>
    public Task<bool> DeleteIfExistsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _inner.DeleteIfExistsAsync(tenantId, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _inner.GetAsync(tenantId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken = default) =>
        _inner.GetAllAsync(cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken = default) =>
        _inner.EnumerateAllAsync(cancellationToken);

    /// <inheritdoc/>
    public Task DeleteAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(tenantId, cancellationToken);

    /// <inheritdoc/>
    public Task InvalidateAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _inner.InvalidateAsync(tenantId, cancellationToken);

    /// <summary>Cancels operations in flight and releases the client's connections. Calling it again does nothing.</summary>
    public void Dispose() => _services.Dispose();

    /// <summary>Cancels operations in flight and releases the client's connections. Calling it again does nothing.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
