using System.Text.Json.Serialization.Metadata;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Calls;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A manager of what the Service Manager provisions (instances, bindings): besides listing and reading, deleting and
/// (in the derived managers) creating, each waiting for the service's asynchronous operation, polled as configured in
/// <see cref="InstanceManagerOptions"/> (<c>PollingInterval</c>, <c>PollingTimeout</c>, <c>PollingStrategy</c>).
/// </summary>
/// <typeparam name="T">The resource: <see cref="ServiceInstance"/> or <see cref="ServiceBinding"/>.</typeparam>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public abstract class ProvisionedResourceManager<T> : ServiceManagerResourceManager<T>
    where T : ProvisionedResource
{
    private readonly ServiceManagerOperationRunner _operations = null!;

    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ProvisionedResourceManager()
    {
    }

    private protected ProvisionedResourceManager(ResourceEndpoint<T> resource, ServiceManagerOperationRunner operations, TimeProvider timeProvider)
        : base(resource, timeProvider)
    {
        _operations = operations;
    }

    /// <summary>
    /// Deletes the resource (<c>DELETE /v1/&lt;resource&gt;/&lt;id&gt;?async=true</c>) and waits until the service's
    /// operation succeeded. The service refuses to delete an instance that still has bindings.
    /// </summary>
    /// <param name="id">The resource's id.</param>
    /// <param name="cancellationToken">Stops waiting; the service's operation goes on.</param>
    /// <returns>
    /// The completed operation (a succeeded one without <see cref="ServiceManagerOperation.Id"/> when the service
    /// deleted the resource at once), or <see langword="null"/> when there was none with this id (404).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service refused the request or its operation failed; the message has the service's description.</exception>
    /// <exception cref="InstanceManagerTimeoutException">The operation did not complete within the polling timeout.</exception>
    public virtual Task<ServiceManagerOperation?> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return DeleteAsync(id, Call(Resource.DeleteOperation), cancellationToken);
    }

    /// <summary>Deletes the resource and waits for it, as part of <paramref name="call"/>.</summary>
    internal Task<ServiceManagerOperation?> DeleteAsync(string id, CallContext call, CancellationToken cancellationToken) =>
        _operations.DeleteAsync(Resource.Path, id, call, cancellationToken);

    /// <summary>Sends the delete without waiting for its operation; <see langword="false"/> when the resource was not there.</summary>
    internal Task<bool> StartDeleteAsync(string id, CallContext call, CancellationToken cancellationToken) =>
        _operations.StartDeleteAsync(Resource.Path, id, call, cancellationToken);

    /// <summary>Sends the create without waiting for its operation, as part of <paramref name="call"/>.</summary>
    private protected Task StartCreateAsync<TBody>(TBody body, JsonTypeInfo<TBody> bodyType, CallContext call, CancellationToken cancellationToken) =>
        _operations.StartCreateAsync(Resource.Path, body, bodyType, call, cancellationToken);

    /// <summary>Creates the resource and waits for it, as part of <paramref name="call"/>; <paramref name="what"/> names it in errors.</summary>
    private protected Task<ServiceManagerOperation> CreateAsync<TBody>(TBody body, JsonTypeInfo<TBody> bodyType, string what, CallContext call, CancellationToken cancellationToken) =>
        _operations.CreateAsync(Resource.Path, body, bodyType, what, call, cancellationToken);
}
