using InstanceManager.Backends.ServiceManager;
using InstanceManager.Backends.ServiceManager.Models;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The plans of the Service Manager's offerings (<c>/v1/service_plans</c>): list and read. Get it from
/// <see cref="ServiceManagerClient.Plans"/>.
/// </summary>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public class ServicePlanManager
{
    private readonly ServiceManagerResource<ServicePlan> _resource = null!;

    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServicePlanManager()
    {
    }

    internal ServicePlanManager(ServiceManagerHttpClient http)
    {
        _resource = new(http, ServiceManagerHttpClient.Plans, "ServicePlans", ServiceManagerJsonContext.Default.ServiceManagerPageServicePlan, ServiceManagerJsonContext.Default.ServicePlan);
    }

    /// <summary>
    /// The plans matching <paramref name="query"/>, following the Service Manager's paging: a page is requested when
    /// the items before it have been consumed, so stopping early saves the remaining requests.
    /// </summary>
    /// <param name="query">Criteria on fields (for example <c>catalog_name</c>, <c>service_offering_id</c>) and labels; <see langword="null"/> for all plans.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The plans, in the service's order.</returns>
    /// <exception cref="InstanceManagerException">The service or the network failed; the message names the status and the service's description.</exception>
    public virtual IAsyncEnumerable<ServicePlan> ListAsync(ServiceManagerQuery? query = null, CancellationToken cancellationToken = default) =>
        _resource.ListAsync(query, _resource.ListOperation, tenantId: null, cancellationToken);

    /// <summary>Reads one plan.</summary>
    /// <param name="id">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The plan, or <see langword="null"/> when there is none with this id (404).</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service or the network failed.</exception>
    public virtual Task<ServicePlan?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _resource.GetAsync(id, _resource.GetOperation, tenantId: null, cancellationToken);
    }

    /// <summary>Every plan matching the query, named in errors after the per-tenant operation that needs them.</summary>
    internal Task<List<ServicePlan>> ListAllAsync(ServiceManagerQuery query, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.ListAllAsync(query, operation, tenantId, cancellationToken);
}
