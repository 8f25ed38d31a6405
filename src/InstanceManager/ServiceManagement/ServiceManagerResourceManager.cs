using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Calls;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// What every manager of one kind of Service Manager resource offers: listing with the service's paging, and
/// reading one by id. Get the managers from <see cref="ServiceManagerClient"/>.
/// </summary>
/// <typeparam name="T">The resource: <see cref="ServiceOffering"/>, <see cref="ServicePlan"/>, <see cref="ServiceInstance"/> or <see cref="ServiceBinding"/>.</typeparam>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public abstract class ServiceManagerResourceManager<T>
    where T : class
{
    private readonly ResourceEndpoint<T> _resource = null!;
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceManagerResourceManager()
    {
    }

    private protected ServiceManagerResourceManager(ResourceEndpoint<T> resource, TimeProvider timeProvider)
    {
        _resource = resource;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// The resources matching <paramref name="query"/>, following the Service Manager's paging: a page is requested
    /// when the items before it have been consumed, so stopping early saves the remaining requests.
    /// </summary>
    /// <param name="query">Criteria on fields (for example <c>catalog_name</c>, <c>service_plan_id</c>, <c>name</c>) and labels (for example <c>tenant_id</c>); <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The resources, in the service's order.</returns>
    /// <exception cref="InstanceManagerException">The service or the network failed, or a resource is unreadable; the message names the status and the service's description.</exception>
    public virtual IAsyncEnumerable<T> ListAsync(ServiceManagerQuery? query = null, CancellationToken cancellationToken = default) =>
        _resource.ListAsync(query, Call(_resource.ListOperation), cancellationToken);

    /// <summary>Reads one resource.</summary>
    /// <param name="id">The resource's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The resource, or <see langword="null"/> when there is none with this id (404).</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service or the network failed.</exception>
    public virtual Task<T?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _resource.GetAsync(id, Call(_resource.GetOperation), cancellationToken);
    }

    /// <summary>The resources matching the query, as part of <paramref name="call"/>.</summary>
    internal IAsyncEnumerable<T> ListAsync(ServiceManagerQuery query, CallContext call, CancellationToken cancellationToken) =>
        _resource.ListAsync(query, call, cancellationToken);

    /// <summary>Every resource matching the query, read into memory, as part of <paramref name="call"/>.</summary>
    internal Task<List<T>> ListAllAsync(ServiceManagerQuery query, CallContext call, CancellationToken cancellationToken) =>
        _resource.ListAllAsync(query, call, cancellationToken);

    /// <summary>Reads one resource as part of <paramref name="call"/>.</summary>
    internal Task<T?> GetAsync(string id, CallContext call, CancellationToken cancellationToken) =>
        _resource.GetAsync(id, call, cancellationToken);

    private protected ResourceEndpoint<T> Resource => _resource;

    /// <summary>A call of this manager's public API, named <c>&lt;Resource&gt;.&lt;Method&gt;</c> in errors.</summary>
    private protected CallContext Call(string operation) => CallContext.Named(operation, _timeProvider);
}
