using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManager;
using InstanceManager.Backends.ServiceManager.Models;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The Service Manager's service instances (<c>/v1/service_instances</c>): list, read, create and delete. Creates
/// and deletes wait for the service's asynchronous operation, polled as configured in
/// <see cref="InstanceManagerOptions"/> (<c>PollingInterval</c>, <c>PollingTimeout</c>, <c>PollingStrategy</c>). Get it
/// from <see cref="ServiceManagerClient.Instances"/>.
/// </summary>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public class ServiceInstanceManager
{
    private readonly ServiceManagerResource<ServiceInstance> _resource = null!;
    private readonly ServiceManagerOperationRunner _operations = null!;

    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceInstanceManager()
    {
    }

    internal ServiceInstanceManager(ServiceManagerHttpClient http, ServiceManagerOperationRunner operations)
    {
        _resource = new(http, ServiceManagerHttpClient.Instances, "ServiceInstances", ServiceManagerJsonContext.Default.ServiceManagerPageServiceInstance, ServiceManagerJsonContext.Default.ServiceInstance);
        _operations = operations;
    }

    /// <summary>
    /// The instances matching <paramref name="query"/>, following the Service Manager's paging: a page is requested
    /// when the items before it have been consumed, so stopping early saves the remaining requests.
    /// </summary>
    /// <param name="query">Criteria on fields (for example <c>name</c>, <c>service_plan_id</c>) and labels (for example <c>tenant_id</c>); <see langword="null"/> for all instances.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The instances, in the service's order.</returns>
    /// <exception cref="InstanceManagerException">The service or the network failed, or an instance is unreadable (for example a <c>created_at</c> that is not a timestamp).</exception>
    public virtual IAsyncEnumerable<ServiceInstance> ListAsync(ServiceManagerQuery? query = null, CancellationToken cancellationToken = default) =>
        _resource.ListAsync(query, _resource.ListOperation, tenantId: null, cancellationToken);

    /// <summary>Reads one instance.</summary>
    /// <param name="id">The instance's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The instance, or <see langword="null"/> when there is none with this id (404).</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service or the network failed.</exception>
    public virtual Task<ServiceInstance?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _resource.GetAsync(id, _resource.GetOperation, tenantId: null, cancellationToken);
    }

    /// <summary>
    /// Creates an instance (<c>POST /v1/service_instances?async=true</c>) and waits until the service's operation
    /// succeeded.
    /// </summary>
    /// <param name="name">The instance's name, unique per plan.</param>
    /// <param name="servicePlanId">The id of the plan (see <see cref="ServicePlanManager"/>).</param>
    /// <param name="labels">The labels to put on the instance, or <see langword="null"/> for none.</param>
    /// <param name="parameters">The provisioning parameters for the broker, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops waiting; the service's operation goes on.</param>
    /// <returns>
    /// The completed operation; its <see cref="ServiceManagerOperation.ResourceId"/> is the new instance's id. When
    /// the service created the instance at once (201) there is no operation to report and a succeeded one without
    /// <see cref="ServiceManagerOperation.Id"/> is returned.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="servicePlanId"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">
    /// The service refused the request or its operation failed: the message has the service's description;
    /// <see cref="InstanceManagerException.StatusCode"/> is the HTTP status, or 409 for an operation whose only error is
    /// a <c>Conflict</c>.
    /// </exception>
    /// <exception cref="InstanceManagerTimeoutException">The operation did not complete within the polling timeout.</exception>
    public virtual Task<ServiceManagerOperation> CreateAsync(string name, string servicePlanId, IReadOnlyDictionary<string, IReadOnlyList<string>>? labels = null, JsonObject? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(servicePlanId);
        var body = new CreateServiceInstanceRequest { Name = name, ServicePlanId = servicePlanId, Labels = labels, Parameters = parameters };
        return CreateAsync(body, _resource.CreateOperation, tenantId: null, cancellationToken);
    }

    /// <summary>
    /// Deletes an instance (<c>DELETE /v1/service_instances/&lt;id&gt;?async=true</c>) and waits until the service's
    /// operation succeeded. The service refuses to delete an instance that still has bindings.
    /// </summary>
    /// <param name="id">The instance's id.</param>
    /// <param name="cancellationToken">Stops waiting; the service's operation goes on.</param>
    /// <returns>
    /// The completed operation (a succeeded one without <see cref="ServiceManagerOperation.Id"/> when the service
    /// deleted the instance at once), or <see langword="null"/> when there was no instance with this id (404).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">The service refused the request or its operation failed; the message has the service's description.</exception>
    /// <exception cref="InstanceManagerTimeoutException">The operation did not complete within the polling timeout.</exception>
    public virtual Task<ServiceManagerOperation?> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return DeleteAsync(id, _resource.DeleteOperation, tenantId: null, cancellationToken);
    }

    /// <summary>The instances matching the query, named in errors after the per-tenant <paramref name="operation"/>.</summary>
    internal IAsyncEnumerable<ServiceInstance> ListAsync(ServiceManagerQuery query, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.ListAsync(query, operation, tenantId, cancellationToken);

    /// <summary>Reads one instance, named in errors after the per-tenant <paramref name="operation"/>.</summary>
    internal Task<ServiceInstance?> GetAsync(string id, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.GetAsync(id, operation, tenantId, cancellationToken);

    /// <summary>Every instance matching the query, named in errors after the per-tenant <paramref name="operation"/>.</summary>
    internal Task<List<ServiceInstance>> ListAllAsync(ServiceManagerQuery query, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _resource.ListAllAsync(query, operation, tenantId, cancellationToken);

    /// <summary>Creates the instance and waits for it, named in errors after the per-tenant <paramref name="operation"/>.</summary>
    internal Task<ServiceManagerOperation> CreateAsync(CreateServiceInstanceRequest body, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _operations.CreateAsync(_resource.Path, body, ServiceManagerJsonContext.Default.CreateServiceInstanceRequest, "instance", operation, tenantId, cancellationToken);

    /// <summary>Deletes the instance and waits for it, named in errors after the per-tenant <paramref name="operation"/>.</summary>
    internal Task<ServiceManagerOperation?> DeleteAsync(string id, string operation, string? tenantId, CancellationToken cancellationToken) =>
        _operations.DeleteAsync(_resource.Path, id, operation, tenantId, cancellationToken);
}
