using InstanceManager.Backends.ServiceManager;
using InstanceManager.Backends.ServiceManager.Models;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The Service Manager's service offerings (<c>/v1/service_offerings</c>): list and read. Get it from
/// <see cref="ServiceManagerClient.Offerings"/>.
/// </summary>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public class ServiceOfferingManager
{
    private readonly ServiceManagerResource<ServiceOffering> _resource = null!;

    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceOfferingManager()
    {
    }

    internal ServiceOfferingManager(ServiceManagerHttpClient http)
    {
        _resource = new(http, ServiceManagerHttpClient.Offerings, "ServiceOfferings", ServiceManagerJsonContext.Default.ServiceManagerPageServiceOffering, ServiceManagerJsonContext.Default.ServiceOffering);
    }

    /// <summary>
    /// The offerings matching <paramref name="query"/>, following the Service Manager's paging: a page is requested
    /// when the items before it have been consumed, so stopping early saves the remaining requests.
    /// </summary>
    /// <param name="query">Criteria on fields (for example <c>catalog_name</c>) and labels; <see langword="null"/> for all offerings.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The offerings, in the service's order.</returns>
    /// <exception cref="InstanceManagerException">The service or the network failed; the message names the status and the service's description.</exception>
    public virtual IAsyncEnumerable<ServiceOffering> ListAsync(ServiceManagerQuery? query = null, CancellationToken cancellationToken = default) =>
        _resource.ListAsync(query, _resource.ListOperation, tenantId: null, cancellationToken);

    /// <summary>Reads one offering.</summary>
    /// <param name="id">The offering's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The offering, or <see langword="null"/> when there is none with this id (404).</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service or the network failed.</exception>
    public virtual Task<ServiceOffering?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _resource.GetAsync(id, _resource.GetOperation, tenantId: null, cancellationToken);
    }

    /// <summary>Every offering matching the query, named in errors after the per-tenant operation that needs them.</summary>
    internal Task<List<ServiceOffering>> ListAllAsync(ServiceManagerQuery query, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.ListAllAsync(query, operation, tenantId, cancellationToken);

    /// <summary>The offerings matching the query, named in errors after <paramref name="operation"/>.</summary>
    internal IAsyncEnumerable<ServiceOffering> ListAsync(ServiceManagerQuery query, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.ListAsync(query, operation, tenantId, cancellationToken);
}
