using System.Runtime.CompilerServices;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.LongRunning;
using InstanceManager.Polling;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// The official Node.js client's algorithms over the Service Manager: one service instance (named after the plan
/// and the tenant, labelled <c>tenant_id</c>) and one binding (labelled <c>tenant_id</c>, <c>service_plan_id</c>,
/// <c>managing_client_lib</c>) per tenant; the tenant's latest ready binding is its managed instance. Built on the
/// public <see cref="ServiceManagerClient"/>: its requests, paging and polling are the same as a direct caller's.
/// </summary>
internal sealed class ServiceManagerBackend : IInstanceBackend
{
    private readonly ServiceInstanceManager _instances;
    private readonly ServiceBindingManager _bindings;
    private readonly ServiceOfferingManager _offerings;
    private readonly TenantResources _tenants;
    private readonly TenantProvisioning _provisioning;
    private readonly ServicePlanResolver _plans;
    private readonly TimeProvider _timeProvider;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServiceManagerBackend> _logger;

    public ServiceManagerBackend(ServiceManagerClient serviceManager, ServicePlanResolver plans, InstancePoller poller, TimeProvider timeProvider, IOptions<InstanceManagerOptions> options, ILogger<ServiceManagerBackend> logger)
    {
        _instances = serviceManager.Instances;
        _bindings = serviceManager.Bindings;
        _offerings = serviceManager.Offerings;
        _tenants = new TenantResources(serviceManager);
        _provisioning = new TenantProvisioning(serviceManager, _tenants, poller, timeProvider, logger);
        _plans = plans;
        _timeProvider = timeProvider;
        _options = options.Value.ServiceManager ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        _logger = logger;
    }

    public string Name => "service-manager";

    /// <summary>
    /// Tenant ids go into single-quoted query values with quotes doubled; ids the Service Manager's grammar cannot
    /// carry unchanged (a backslash, or a single quote at either end) are refused (see <see cref="ServiceManagerQuery"/>).
    /// </summary>
    public void ValidateTenantId(string tenantId) => ServiceManagerQuery.EnsureQueryable(tenantId, nameof(tenantId));

    /// <summary>Whether the Service Manager can hold an instance of <paramref name="tenantId"/> at all (see <see cref="ValidateTenantId"/>).</summary>
    public static bool CanHold(string tenantId) => ServiceManagerQuery.Problem(tenantId) is null;

    public async Task<ManagedInstance> CreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        return await _provisioning.CreateAsync(plan, parameters, call, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ManagedInstance?> GetAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var bindings = await _tenants.BindingsAsync(plan, call, cancellationToken).ConfigureAwait(false);
        if (bindings.Count > 0)
        {
            return TenantResources.LatestReady(bindings) is { } binding
                ? ManagedInstances.From(binding, call.Tenant, plan)
                : throw ServiceErrors.Failed(call, $"the tenant has {bindings.Count} binding(s) but none is ready.");
        }

        var instance = await _tenants.InstanceAsync(plan, call, cancellationToken).ConfigureAwait(false);
        if (instance is not { Ready: true } || !_options.AllowBinding)
        {
            return null;
        }

        var created = await _provisioning.BindAsync(instance.Id, call.Tenant, plan, bindingParameters: null, call, cancellationToken).ConfigureAwait(false);
        Log.FallbackBindingCreated(_logger, call.Operation, call.Tenant);
        return created;
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var bindings = await _tenants.AllBindingsAsync(plan, call, cancellationToken).ConfigureAwait(false);

        var result = new List<ManagedInstance>();
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in bindings.GroupBy(binding => ServiceManagerLabels.TenantOf(binding.Labels), StringComparer.Ordinal))
        {
            var tenant = group.Key;
            if (tenant is null)
            {
                continue;
            }

            var binding = TenantResources.LatestReady(group);
            if (binding is not null)
            {
                result.Add(ManagedInstances.From(binding, tenant, plan));
                tenants.Add(tenant);
            }
        }

        if (!_options.AllowBinding)
        {
            return result;
        }

        var bound = bindings.Select(binding => binding.ServiceInstanceId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var instances = await _tenants.AllInstancesAsync(plan, call, cancellationToken).ConfigureAwait(false);

        // Every fallback binding is finished (created or given up) before the list is returned.
        foreach (var instance in instances)
        {
            var tenant = ServiceManagerLabels.TenantOf(instance.Labels);
            if (!instance.Ready || bound.Contains(instance.Id) || tenant is null || tenants.Contains(tenant))
            {
                continue;
            }

            try
            {
                result.Add(await _provisioning.BindAsync(instance.Id, tenant, plan, bindingParameters: null, call, cancellationToken).ConfigureAwait(false));
                tenants.Add(tenant);
                Log.FallbackBindingCreated(_logger, call.Operation, tenant);
            }
            catch (InstanceManagerException exception)
            {
                Log.FallbackBindingFailed(_logger, tenant, exception.Message);
            }
        }

        return result;
    }

    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CallContext call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Grouping by tenant needs every binding first; the list is then handed out one by one.
        foreach (var instance in await GetAllAsync(call, cancellationToken).ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    public async Task DeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var instance = await DeleteBindingsAsync(plan, call, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.Failed(call, $"Missing managed service instance for tenant {call.Tenant}.", statusCode: 404);
        await _instances.DeleteAsync(instance.Id, call, cancellationToken).ConfigureAwait(false);
        Log.Deleted(_logger, call.Tenant);
    }

    public async Task StartCreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        await _provisioning.StartCreateAsync(plan, parameters, call, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> StartDeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        if (await DeleteBindingsAsync(plan, call, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return false;
        }

        // Gone meanwhile (404) is as good as deleted.
        await _instances.StartDeleteAsync(instance.Id, call, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<OperationCheck> CheckAsync(CallContext call, InstanceOperationKind kind, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var instance = await _tenants.InstanceAsync(plan, call, cancellationToken).ConfigureAwait(false);
        var failed = instance is not null && TenantResources.LastOperationState(instance) == ServiceManagerOperation.FailedState;
        if (kind == InstanceOperationKind.Delete)
        {
            return instance is null ? OperationCheck.Succeeded(null)
                : failed ? OperationCheck.Failed(ServiceErrors.Failed(call, $"the Service Manager's {TenantResources.LastOperationType(instance) ?? "last"} operation on the instance ({instance.Id}) failed."))
                : OperationCheck.Running();
        }

        if (instance is null)
        {
            return OperationCheck.Failed(ServiceErrors.Failed(call, "the tenant has no instance: it was deleted, or its creation was never accepted.", statusCode: 404));
        }

        if (!instance.Ready)
        {
            return failed
                ? OperationCheck.Failed(ServiceErrors.Failed(call, $"the Service Manager's {TenantResources.LastOperationType(instance) ?? "create"} operation on the instance ({instance.Id}) failed."))
                : OperationCheck.Running();
        }

        var bindings = await _tenants.BindingsAsync(plan, call, cancellationToken).ConfigureAwait(false);
        if (TenantResources.LatestReady(bindings) is { } binding)
        {
            return OperationCheck.Succeeded(ManagedInstances.From(binding, call.Tenant, plan));
        }

        try
        {
            return OperationCheck.Succeeded(await _provisioning.BindAsync(instance.Id, call.Tenant, plan, parameters?.BindingParameters, call, cancellationToken).ConfigureAwait(false));
        }
        catch (InstanceManagerException exception) when (!exception.IsTransient)
        {
            return OperationCheck.Failed(exception);
        }
    }

    public async Task<IReadOnlyList<TenantState>> InventoryAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var instances = await _tenants.AllInstancesAsync(plan, call, cancellationToken).ConfigureAwait(false);
        var bindings = (await _tenants.AllBindingsAsync(plan, call, cancellationToken).ConfigureAwait(false))
            .Where(binding => binding.ServiceInstanceId is not null)
            .ToLookup(binding => binding.ServiceInstanceId!, StringComparer.Ordinal);
        var states = new List<TenantState>();
        foreach (var instance in instances)
        {
            // Only instances named as this library and the official clients name a tenant's instance are tenants'.
            if (ServiceManagerLabels.TenantOf(instance.Labels) is { } tenant && instance.Name == ManagedInstances.InstanceName(plan.PlanId, tenant))
            {
                states.Add(new TenantState(tenant, StatusOf(instance), BindingStateOf(bindings[instance.Id]), TenantResources.LastOperationDescription(instance)));
            }
        }

        return states;
    }

    public async Task<ManagedInstance> RepairBindingAsync(CallContext call, CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(call, cancellationToken).ConfigureAwait(false);
        var instance = await _tenants.InstanceAsync(plan, call, cancellationToken).ConfigureAwait(false);
        if (instance is not { Ready: true })
        {
            throw ServiceErrors.Failed(call, instance is null ? "the tenant has no instance to bind." : "the tenant's instance is not ready to be bound.", statusCode: instance is null ? 404 : null);
        }

        foreach (var binding in await _tenants.BindingsOfInstanceAsync(instance.Id, call, cancellationToken).ConfigureAwait(false))
        {
            if (!binding.Ready && TenantResources.LastOperationState(binding) != ServiceManagerOperation.InProgressState)
            {
                await _bindings.DeleteAsync(binding.Id, call, cancellationToken).ConfigureAwait(false);
            }
        }

        var created = await _provisioning.BindAsync(instance.Id, call.Tenant, plan, bindingParameters: null, call, cancellationToken).ConfigureAwait(false);
        Log.FallbackBindingCreated(_logger, call.Operation, call.Tenant);
        return created;
    }

    /// <summary>The status the Instance Manager would report for the instance, from its readiness and last operation.</summary>
    private static InstanceStatus StatusOf(ServiceInstance instance)
    {
        var deleting = TenantResources.LastOperationType(instance) == "delete";
        return TenantResources.LastOperationState(instance) switch
        {
            ServiceManagerOperation.FailedState when deleting => InstanceStatus.DeletionFailed,
            ServiceManagerOperation.FailedState when !instance.Ready => InstanceStatus.CreationFailed,
            ServiceManagerOperation.InProgressState when deleting => InstanceStatus.DeletionInProgress,
            _ => instance.Ready ? InstanceStatus.CreationSucceeded : InstanceStatus.CreationInProgress,
        };
    }

    private static BindingState BindingStateOf(IEnumerable<ServiceBinding> bindings)
    {
        var state = BindingState.Missing;
        foreach (var binding in bindings)
        {
            if (binding.Ready)
            {
                return BindingState.Ready;
            }

            state = TenantResources.LastOperationState(binding) == ServiceManagerOperation.FailedState && state != BindingState.InProgress
                ? BindingState.Failed
                : BindingState.InProgress;
        }

        return state;
    }

    /// <summary>
    /// Deletes every binding of the tenant's instance, whatever its labels, and returns the instance; without an
    /// instance, the tenant's own bindings left from a deletion that failed half-way, and <see langword="null"/>.
    /// </summary>
    private async Task<ServiceInstance?> DeleteBindingsAsync(ResolvedPlan plan, CallContext call, CancellationToken cancellationToken)
    {
        var instance = await _tenants.InstanceAsync(plan, call, cancellationToken).ConfigureAwait(false);
        var bindings = instance is null
            ? await _tenants.BindingsAsync(plan, call, cancellationToken).ConfigureAwait(false)
            : await _tenants.BindingsOfInstanceAsync(instance.Id, call, cancellationToken).ConfigureAwait(false);
        foreach (var binding in bindings)
        {
            await _bindings.DeleteAsync(binding.Id, call, cancellationToken).ConfigureAwait(false);
        }

        return instance;
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var query = ServiceManagerQuery.Empty.WhereField("catalog_name", _options.Service);
        await foreach (var _ in _offerings.ListAsync(query, CallContext.Named(Operations.HealthCheck, _timeProvider), cancellationToken).ConfigureAwait(false))
        {
            break;
        }

        return null;
    }
}
