using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManager.Models;
using InstanceManager.Diagnostics;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManager;

/// <summary>
/// The official Node.js client's algorithms over the Service Manager: one service instance (named after the plan
/// and the tenant, labelled <c>tenant_id</c>) and one binding (labelled <c>tenant_id</c>, <c>service_plan_id</c>,
/// <c>managing_client_lib</c>) per tenant; the tenant's latest ready binding is its managed instance. Built on the
/// public <see cref="ServiceManagerClient"/>: its requests, paging and polling are the same as a direct caller's.
/// </summary>
/// <remarks>
/// Tenant ids go into single-quoted query values with quotes doubled; ids the Service Manager's grammar cannot carry
/// unchanged (a backslash, or a single quote at either end) are refused with <see cref="ArgumentException"/> before
/// any request (see <see cref="ServiceManagerQuery"/>).
/// </remarks>
internal sealed class ServiceManagerBackend : IInstanceBackend
{
    private readonly ServiceInstanceManager _instances;
    private readonly ServiceBindingManager _bindings;
    private readonly ServicePlanResolver _plans;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServiceManagerBackend> _logger;

    public ServiceManagerBackend(ServiceManagerClient serviceManager, ServicePlanResolver plans, IOptions<InstanceManagerOptions> options, ILogger<ServiceManagerBackend> logger)
    {
        _instances = serviceManager.Instances;
        _bindings = serviceManager.Bindings;
        _plans = plans;
        _options = options.Value.ServiceManager ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        _logger = logger;
    }

    public string Name => "service-manager";

    public async Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        ServiceManagerQuery.EnsureQueryable(tenantId, nameof(tenantId));
        var plan = await _plans.ResolveAsync(Operations.Create, tenantId, cancellationToken).ConfigureAwait(false);
        var body = new CreateServiceInstanceRequest
        {
            Name = ManagedInstances.InstanceName(plan.PlanId, tenantId),
            ServicePlanId = plan.PlanId,
            Labels = new Dictionary<string, IReadOnlyList<string>> { [ServiceManagerLabels.TenantId] = [tenantId] },
            Parameters = parameters?.ProvisioningParameters,
        };
        var created = await _instances.CreateAsync(body, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false);
        var instanceId = created.ResourceId!;

        try
        {
            return await BindAsync(instanceId, tenantId, plan, parameters?.BindingParameters, Operations.Create, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException bindingFailure)
        {
            throw await RollBackAsync(instanceId, tenantId, bindingFailure, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        ServiceManagerQuery.EnsureQueryable(tenantId, nameof(tenantId));
        var plan = await _plans.ResolveAsync(Operations.Get, tenantId, cancellationToken).ConfigureAwait(false);
        var bindings = await TenantBindingsAsync(plan, tenantId, Operations.Get, cancellationToken).ConfigureAwait(false);
        if (bindings.Count > 0)
        {
            return LatestReady(bindings) is { } binding
                ? ManagedInstances.From(binding, tenantId, plan)
                : throw new InstanceManagerException(
                    $"{ServiceErrors.Subject(Operations.Get, tenantId)} failed: the tenant has {bindings.Count} binding(s) but none is ready.",
                    Operations.Get,
                    tenantId,
                    statusCode: null);
        }

        var instance = await FindInstanceAsync(plan, tenantId, Operations.Get, cancellationToken).ConfigureAwait(false);
        if (instance is not { Ready: true } || !_options.AllowBinding)
        {
            return null;
        }

        var created = await BindAsync(instance.Id, tenantId, plan, bindingParameters: null, Operations.Get, cancellationToken).ConfigureAwait(false);
        Log.FallbackBindingCreated(_logger, Operations.Get, tenantId);
        return created;
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken)
    {
        var plan = await _plans.ResolveAsync(Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);
        var bindings = await _bindings.ListAllAsync(ManagedBindingsQuery(plan, tenantId: null), Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);

        var result = new List<ManagedInstance>();
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in bindings.GroupBy(binding => ServiceManagerLabels.TenantOf(binding.Labels), StringComparer.Ordinal))
        {
            if (group.Key is { } tenant && LatestReady(group) is { } binding)
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
        var instances = await _instances.ListAllAsync(ServiceManagerQuery.Empty.WhereField("service_plan_id", plan.PlanId), Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);

        // Every fallback binding is finished (created or given up) before the list is returned.
        foreach (var instance in instances)
        {
            if (!instance.Ready || bound.Contains(instance.Id) || ServiceManagerLabels.TenantOf(instance.Labels) is not { } tenant || tenants.Contains(tenant))
            {
                continue;
            }

            try
            {
                result.Add(await BindAsync(instance.Id, tenant, plan, bindingParameters: null, Operations.GetAll, cancellationToken).ConfigureAwait(false));
                tenants.Add(tenant);
                Log.FallbackBindingCreated(_logger, Operations.GetAll, tenant);
            }
            catch (InstanceManagerException exception)
            {
                Log.FallbackBindingFailed(_logger, tenant, exception.Message);
            }
        }

        return result;
    }

    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Grouping by tenant needs every binding first; the list is then handed out one by one.
        foreach (var instance in await GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        ServiceManagerQuery.EnsureQueryable(tenantId, nameof(tenantId));
        var plan = await _plans.ResolveAsync(Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        foreach (var binding in await TenantBindingsAsync(plan, tenantId, Operations.Delete, cancellationToken).ConfigureAwait(false))
        {
            await _bindings.DeleteAsync(binding.Id, Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        }

        // Looked up even without bindings, so that a deletion that failed half-way can be repeated.
        var instance = await FindInstanceAsync(plan, tenantId, Operations.Delete, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceManagerException(
                $"{ServiceErrors.Subject(Operations.Delete, tenantId)} failed: Missing managed service instance for tenant {tenantId}.",
                Operations.Delete,
                tenantId,
                statusCode: 404);
        await _instances.DeleteAsync(instance.Id, Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        Log.Deleted(_logger, tenantId);
    }

    /// <summary>Creates a binding of the instance with the official client's labels, waits for it and returns it as a managed instance.</summary>
    private async Task<ManagedInstance> BindAsync(string instanceId, string tenantId, ResolvedPlan plan, JsonObject? bindingParameters, string operation, CancellationToken cancellationToken)
    {
        var body = new CreateServiceBindingRequest
        {
            Name = Guid.NewGuid().ToString(),
            ServiceInstanceId = instanceId,
            Labels = new Dictionary<string, IReadOnlyList<string>>
            {
                [ServiceManagerLabels.TenantId] = [tenantId],
                [ServiceManagerLabels.ServicePlanId] = [plan.PlanId],
                [ServiceManagerLabels.ManagingClientLib] = [ServiceManagerLabels.ManagingClientLibValue],
            },
            Parameters = bindingParameters,
        };
        var created = await _bindings.CreateAsync(body, operation, tenantId, cancellationToken).ConfigureAwait(false);
        var binding = await _bindings.GetAsync(created.ResourceId!, operation, tenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceManagerException(
                $"{ServiceErrors.Subject(operation, tenantId)} failed: the binding the Service Manager created ({created.ResourceId}) is not there (404).",
                operation,
                tenantId,
                statusCode: 404);
        Log.Completed(_logger, operation, tenantId, InstanceStatus.CreationSucceeded);
        return ManagedInstances.From(binding, tenantId, plan);
    }

    /// <summary>Deletes the instance whose binding failed; the error names the binding failure and, if it failed too, the rollback's.</summary>
    private async Task<InstanceManagerException> RollBackAsync(string instanceId, string tenantId, InstanceManagerException bindingFailure, CancellationToken cancellationToken)
    {
        Log.RollingBack(_logger, tenantId, bindingFailure.Message);
        try
        {
            await _instances.DeleteAsync(instanceId, Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException rollbackFailure)
        {
            return new InstanceManagerException(
                $"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: creating the binding failed ({bindingFailure.Message}) and deleting the new instance again failed too ({rollbackFailure.Message}).",
                Operations.Create,
                tenantId,
                bindingFailure.StatusCode,
                bindingFailure.ServerDescription,
                new AggregateException(bindingFailure, rollbackFailure));
        }

        return new InstanceManagerException(
            $"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: creating the binding failed ({bindingFailure.Message}); the new instance was deleted again.",
            Operations.Create,
            tenantId,
            bindingFailure.StatusCode,
            bindingFailure.ServerDescription,
            bindingFailure);
    }

    private async Task<List<ServiceBinding>> TenantBindingsAsync(ResolvedPlan plan, string tenantId, string operation, CancellationToken cancellationToken)
    {
        var bindings = await _bindings.ListAllAsync(ManagedBindingsQuery(plan, tenantId), operation, tenantId, cancellationToken).ConfigureAwait(false);
        return bindings.Where(binding => ServiceManagerLabels.TenantOf(binding.Labels) == tenantId).ToList();
    }

    private async Task<ServiceInstance?> FindInstanceAsync(ResolvedPlan plan, string tenantId, string operation, CancellationToken cancellationToken)
    {
        var byName = ServiceManagerQuery.Empty.WhereField("name", ManagedInstances.InstanceName(plan.PlanId, tenantId));
        await foreach (var instance in _instances.ListAsync(byName, operation, tenantId, cancellationToken).ConfigureAwait(false))
        {
            return instance;
        }

        return null;
    }

    private static ServiceManagerQuery ManagedBindingsQuery(ResolvedPlan plan, string? tenantId)
    {
        var managed = ServiceManagerQuery.Empty
            .WhereLabel(ServiceManagerLabels.ServicePlanId, plan.PlanId)
            .WhereLabel(ServiceManagerLabels.ManagingClientLib, ServiceManagerLabels.ManagingClientLibValue);
        return tenantId is null ? managed : managed.WhereLabel(ServiceManagerLabels.TenantId, tenantId);
    }

    private static ServiceBinding? LatestReady(IEnumerable<ServiceBinding> bindings) =>
        bindings.OrderByDescending(binding => binding.CreatedAt ?? DateTimeOffset.MinValue).FirstOrDefault(binding => binding.Ready);
}
