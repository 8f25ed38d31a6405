using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The Service Manager's service instances (<c>/v1/service_instances</c>): list, read, create and delete. Creates
/// and deletes wait for the service's asynchronous operation, polled as configured in
/// <see cref="InstanceManagerOptions"/> (<c>PollingInterval</c>, <c>PollingTimeout</c>, <c>PollingStrategy</c>). Get it
/// from <see cref="ServiceManagerClient.Instances"/>.
/// </summary>
/// <remarks>The members are virtual so that a test can replace them; the protected constructor is for such test doubles.</remarks>
public class ServiceInstanceManager : ProvisionedResourceManager<ServiceInstance>
{
    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceInstanceManager()
    {
    }

    internal ServiceInstanceManager(ServiceManagerHttpClient http, ServiceManagerOperationRunner operations, TimeProvider timeProvider)
        : base(new(http, ServiceManagerHttpClient.Instances, "ServiceInstances", ServiceManagerJsonContext.Default.ServiceManagerPageServiceInstance, ServiceManagerJsonContext.Default.ServiceInstance), operations, timeProvider)
    {
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
        return CreateAsync(body, Call(Resource.CreateOperation), cancellationToken);
    }

    /// <summary>Creates the instance and waits for it, as part of <paramref name="call"/>.</summary>
    internal Task<ServiceManagerOperation> CreateAsync(CreateServiceInstanceRequest body, CallContext call, CancellationToken cancellationToken) =>
        CreateAsync(body, ServiceManagerJsonContext.Default.CreateServiceInstanceRequest, "instance", call, cancellationToken);

    /// <summary>Sends the create without waiting for the instance, as part of <paramref name="call"/>.</summary>
    internal Task StartCreateAsync(CreateServiceInstanceRequest body, CallContext call, CancellationToken cancellationToken) =>
        StartCreateAsync(body, ServiceManagerJsonContext.Default.CreateServiceInstanceRequest, call, cancellationToken);
}
