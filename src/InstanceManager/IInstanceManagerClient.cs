namespace InstanceManager;

/// <summary>
/// Creates, finds, lists and deletes one service instance per tenant. Register it with
/// <c>services.AddInstanceManager(…)</c> and inject it, or create one with <see cref="InstanceManagerClientFactory"/>.
/// Thread-safe; meant to be a singleton.
/// </summary>
/// <remarks>
/// Tenant ids are trimmed; <see langword="null"/>, empty or white-space ids throw <see cref="ArgumentException"/>
/// before any request; with Service Manager credentials, so do the few ids its query grammar cannot carry unchanged
/// (see <see cref="ServiceManagerOptions"/>). Failures of the service or the network throw <see cref="InstanceManagerException"/>.
/// The client is not disposable through this interface: whoever created it owns it. A container disposes the clients
/// it registered when it is disposed; a client from <see cref="InstanceManagerClientFactory"/> is a
/// <see cref="StandaloneInstanceManagerClient"/>, which its creator disposes. Disposal cancels operations in flight;
/// calls after that throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public interface IInstanceManagerClient
{
    /// <summary>
    /// Creates the tenant's instance and waits until it is usable (<see cref="InstanceStatus.CreationSucceeded"/>).
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="parameters">Provisioning and binding parameters, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops waiting. The service may still create the instance.</param>
    /// <returns>The created instance, with its credentials.</returns>
    /// <exception cref="InstanceManagerException">
    /// The service refused (409 when the tenant already has an instance), creation failed
    /// (<see cref="InstanceOperationFailedException"/>) or did not finish in time (<see cref="InstanceManagerTimeoutException"/>).
    /// </exception>
    Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the tenant's instance: from the cache when present (no request, completes synchronously), else from the
    /// service, waiting while its creation is in progress.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The instance whatever its status (a failed one has no credentials), or <see langword="null"/> when the tenant has none.</returns>
    ValueTask<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Lists every tenant's instance whatever its status, and refills the cache with the usable ones.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>All instances.</returns>
    Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every tenant's instance whatever its status, one at a time as the list is read from the response, for
    /// callers that process tenants one by one; the list is never held in memory. Does not touch the cache. (With
    /// Service Manager credentials every binding is read first, as a tenant's bindings must be grouped.)
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The instances, in the order the service lists them.</returns>
    IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant's instance and waits until it is gone. The tenant leaves the cache.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting. The service may still delete the instance.</param>
    /// <exception cref="InstanceManagerException">
    /// The service refused (404 when the tenant has no instance), deletion failed
    /// (<see cref="InstanceOperationFailedException"/>) or did not finish in time.
    /// </exception>
    Task DeleteAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the tenant's instance if it has one, and waits until it is gone: <see langword="false"/> when the
    /// tenant had none (no exception), <see langword="true"/> after deleting it. With the Service Manager every
    /// binding of the instance is deleted first, whatever its labels. For unsubscribe handlers, which must tolerate
    /// a tenant already gone.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting. The service may still delete the instance.</param>
    /// <returns>Whether there was an instance to delete.</returns>
    /// <exception cref="InstanceManagerException">The service refused, deletion failed (<see cref="InstanceOperationFailedException"/>) or did not finish in time.</exception>
    Task<bool> DeleteIfExistsAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the create and returns as soon as the service accepted it, without waiting for the instance: for
    /// subscription callbacks with a deadline. Store <see cref="InstanceOperation.Id"/> to follow the operation
    /// later, from any process, with <see cref="ResumeOperation(string)"/>.
    /// <see cref="InstanceManagerOptions.DefaultParameters"/> are merged in as by <see cref="CreateAsync"/>.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="parameters">Provisioning and binding parameters, if any.</param>
    /// <param name="cancellationToken">Stops waiting for the service to accept the request.</param>
    /// <returns>The running operation.</returns>
    /// <exception cref="ArgumentException">The tenant id is invalid (before any request).</exception>
    /// <exception cref="InstanceManagerException">The service refused (409 when the tenant already has an instance).</exception>
    Task<InstanceOperation> StartCreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the delete and returns as soon as the service accepted it (with the Service Manager, once the
    /// instance's bindings are deleted), without waiting for the instance to be gone. The tenant leaves the cache.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting for the service to accept the request.</param>
    /// <returns>The running operation.</returns>
    /// <exception cref="ArgumentException">The tenant id is invalid (before any request).</exception>
    /// <exception cref="InstanceManagerException">The service refused (404 when the tenant has no instance).</exception>
    Task<InstanceOperation> StartDeleteAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rebuilds an operation from its <see cref="InstanceOperation.Id"/> (or
    /// <see cref="InstanceManagerTimeoutException.OperationId"/>), in this process or another, to follow it to its
    /// end without sending the create or delete again. Sends no request.
    /// </summary>
    /// <param name="id">The operation's id.</param>
    /// <returns>The operation, whose state is read from the service on its first update.</returns>
    /// <exception cref="ArgumentException">The id is not an operation id, or names an invalid tenant id.</exception>
    InstanceOperation ResumeOperation(string id);

    /// <summary>
    /// Forgets the tenant's cached instance, so that the next <see cref="GetAsync"/> reads it again: for an
    /// application that finds the cached credentials rejected (rotated, or the tenant subscribed again). No request
    /// to the service. With a package that coordinates replicas (<c>InstanceManager.Redis</c>), every replica of the
    /// application forgets it too.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting for the other replicas to be told.</param>
    /// <returns>A task that completes when the tenant is forgotten here and the other replicas are told.</returns>
    Task InvalidateAsync(string tenantId, CancellationToken cancellationToken = default);
}
