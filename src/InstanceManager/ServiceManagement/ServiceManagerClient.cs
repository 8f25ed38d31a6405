using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Polling;
using Microsoft.Extensions.Logging;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The Service Manager REST API as an object model, one manager per resource: <see cref="Offerings"/>,
/// <see cref="Plans"/>, <see cref="Instances"/> and <see cref="Bindings"/>. For what <see cref="IInstanceManagerClient"/>
/// does not cover: other offerings and plans, instances not managed per tenant, custom labels.
/// </summary>
/// <remarks>
/// <para>
/// <c>services.AddInstanceManager(…)</c> with Service Manager credentials (<c>sm_url</c>) registers it as a
/// singleton; it shares the per-tenant client's token, HTTP pipeline (retries, circuit breaker, timeouts) and poller,
/// and the per-tenant client is built on it. Resolving it without Service Manager credentials throws
/// <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// Errors are <see cref="InstanceManagerException"/>s whose <see cref="InstanceManagerException.Operation"/> names the
/// call (for example <c>ServiceInstances.Create</c>) and whose message has the HTTP status and the service's
/// description, never a token or a credential. The members are virtual so that a test can replace them; the protected
/// constructor is for such test doubles.
/// </para>
/// </remarks>
public class ServiceManagerClient
{
    private readonly ServiceOfferingManager _offerings = null!;
    private readonly ServicePlanManager _plans = null!;
    private readonly ServiceInstanceManager _instances = null!;
    private readonly ServiceBindingManager _bindings = null!;

    /// <summary>Creates a client without a service behind it, for test doubles that override its members.</summary>
    protected ServiceManagerClient()
    {
    }

    internal ServiceManagerClient(ServiceManagerHttpClient http, InstancePoller poller, TimeProvider timeProvider, ILogger<ServiceManagerClient> logger)
    {
        var operations = new ServiceManagerOperationRunner(http, poller, timeProvider, logger);
        _offerings = new ServiceOfferingManager(http, timeProvider);
        _plans = new ServicePlanManager(http, timeProvider);
        _instances = new ServiceInstanceManager(http, operations, timeProvider);
        _bindings = new ServiceBindingManager(http, operations, timeProvider);
    }

    /// <summary>The service offerings (<c>/v1/service_offerings</c>).</summary>
    public virtual ServiceOfferingManager Offerings => _offerings;

    /// <summary>The plans (<c>/v1/service_plans</c>).</summary>
    public virtual ServicePlanManager Plans => _plans;

    /// <summary>The service instances (<c>/v1/service_instances</c>).</summary>
    public virtual ServiceInstanceManager Instances => _instances;

    /// <summary>The bindings (<c>/v1/service_bindings</c>).</summary>
    public virtual ServiceBindingManager Bindings => _bindings;
}
