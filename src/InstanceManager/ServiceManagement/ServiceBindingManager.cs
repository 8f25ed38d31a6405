using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The bindings of the Service Manager's instances (<c>/v1/service_bindings</c>): list, read, create and delete.
/// Creates and deletes wait for the service's asynchronous operation, polled as configured in
/// <see cref="InstanceManagerOptions"/>. Get it from <see cref="ServiceManagerClient.Bindings"/>.
/// </summary>
/// <remarks>
/// Bindings carry <see cref="ServiceBinding.Credentials"/>, which are secrets: no message of this library contains
/// them. The members are virtual so that a test can replace them; the protected constructor is for such test doubles.
/// </remarks>
public class ServiceBindingManager : ProvisionedResourceManager<ServiceBinding>
{
    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceBindingManager()
    {
    }

    internal ServiceBindingManager(ServiceManagerHttpClient http, ServiceManagerOperationRunner operations, TimeProvider timeProvider)
        : base(new(http, ServiceManagerHttpClient.Bindings, "ServiceBindings", ServiceManagerJsonContext.Default.ServiceManagerPageServiceBinding, ServiceManagerJsonContext.Default.ServiceBinding), operations, timeProvider)
    {
    }

    /// <summary>
    /// Creates a binding of an instance (<c>POST /v1/service_bindings?async=true</c>) and waits until the service's
    /// operation succeeded. Read the binding's credentials with <see cref="ServiceManagerResourceManager{T}.GetAsync(string, CancellationToken)"/> and the returned
    /// <see cref="ServiceManagerOperation.ResourceId"/>.
    /// </summary>
    /// <param name="name">The binding's name, unique per instance.</param>
    /// <param name="serviceInstanceId">The id of the instance to bind.</param>
    /// <param name="labels">The labels to put on the binding, or <see langword="null"/> for none.</param>
    /// <param name="parameters">The binding parameters for the broker, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops waiting; the service's operation goes on.</param>
    /// <returns>
    /// The completed operation; its <see cref="ServiceManagerOperation.ResourceId"/> is the new binding's id. When the
    /// service created the binding at once (201) there is no operation to report and a succeeded one without
    /// <see cref="ServiceManagerOperation.Id"/> is returned.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="serviceInstanceId"/> is empty.</exception>
    /// <exception cref="InstanceManagerException">
    /// The service refused the request or its operation failed: the message has the service's description;
    /// <see cref="InstanceManagerException.StatusCode"/> is the HTTP status, or 409 for an operation whose only error is
    /// a <c>Conflict</c>.
    /// </exception>
    /// <exception cref="InstanceManagerTimeoutException">The operation did not complete within the polling timeout.</exception>
    public virtual Task<ServiceManagerOperation> CreateAsync(string name, string serviceInstanceId, IReadOnlyDictionary<string, IReadOnlyList<string>>? labels = null, JsonObject? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(serviceInstanceId);
        var body = new CreateServiceBindingRequest { Name = name, ServiceInstanceId = serviceInstanceId, Labels = labels, Parameters = parameters };
        return CreateAsync(body, Call(Resource.CreateOperation), cancellationToken);
    }

    /// <summary>Creates the binding and waits for it, as part of <paramref name="call"/>.</summary>
    internal Task<ServiceManagerOperation> CreateAsync(CreateServiceBindingRequest body, CallContext call, CancellationToken cancellationToken) =>
        CreateAsync(body, ServiceManagerJsonContext.Default.CreateServiceBindingRequest, "binding", call, cancellationToken);
}
