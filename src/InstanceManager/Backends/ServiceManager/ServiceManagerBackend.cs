using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManager.Models;
using InstanceManager.Diagnostics;
using InstanceManager.Polling;
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
    private readonly InstancePoller _poller;
    private readonly TimeProvider _timeProvider;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServiceManagerBackend> _logger;

    public ServiceManagerBackend(ServiceManagerClient serviceManager, ServicePlanResolver plans, InstancePoller poller, TimeProvider timeProvider, IOptions<InstanceManagerOptions> options, ILogger<ServiceManagerBackend> logger)
    {
        _instances = serviceManager.Instances;
        _bindings = serviceManager.Bindings;
        _plans = plans;
        _poller = poller;
        _timeProvider = timeProvider;
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
        var startedAt = _timeProvider.GetTimestamp();
        string instanceId;
        try
        {
            instanceId = (await _instances.CreateAsync(body, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false)).ResourceId!;
        }
        catch (InstanceManagerException exception) when (exception.IsTransient)
        {
            // The POST may or may not have reached the service (polls retry transient failures by themselves, so
            // only the POST fails this way). It is never replayed blindly: look first.
            Log.CreateOutcomeUnknown(_logger, tenantId, exception.Message);
            instanceId = await ResumeCreationAsync(plan, body, tenantId, startedAt, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// After an instance POST whose outcome is unknown: the tenant's instance, if there is one and it has no binding
    /// yet (so it is the one that POST created), is waited for; an instance that already has bindings was there
    /// before, which is a 409 as for any second create. When there is none, the POST is sent once more, and a 409 then
    /// means the first one arrived after all, so that instance is waited for. Returns the instance's id.
    /// </summary>
    private async Task<string> ResumeCreationAsync(ResolvedPlan plan, CreateServiceInstanceRequest body, string tenantId, long startedAt, CancellationToken cancellationToken)
    {
        var existing = await FindInstanceAsync(plan, tenantId, Operations.Create, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                return (await _instances.CreateAsync(body, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false)).ResourceId!;
            }
            catch (InstanceManagerException exception) when (exception.StatusCode == 409)
            {
                // The first POST arrived meanwhile.
                existing = await FindInstanceAsync(plan, tenantId, Operations.Create, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    throw;
                }
            }
        }
        else if ((await TenantBindingsAsync(plan, tenantId, Operations.Create, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new InstanceManagerException(
                $"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: the tenant already has an instance ({existing.Name}) with a binding.",
                Operations.Create,
                tenantId,
                statusCode: 409,
                serverDescription: "Instance already exists");
        }

        return existing.Ready ? existing.Id : await WaitUntilReadyAsync(existing.Id, tenantId, startedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls an instance whose creation operation is not known until it is ready; its failed <c>last_operation</c> or its disappearance ends the wait.</summary>
    private Task<string> WaitUntilReadyAsync(string instanceId, string tenantId, long startedAt, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            Operations.Create,
            tenantId,
            startedAt,
            pollFirst: false,
            retryAfter: null,
            (this, instanceId, tenantId),
            static async (state, cancellationToken) =>
            {
                var (backend, instanceId, tenantId) = state;
                var instance = await backend._instances.GetAsync(instanceId, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InstanceManagerException($"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: the instance being created ({instanceId}) is gone.", Operations.Create, tenantId, statusCode: 404);
                if (instance.Ready)
                {
                    return PollStep<string>.Completed(instance.Id);
                }

                return LastOperationState(instance) == ServiceManagerOperation.FailedState
                    ? throw new InstanceManagerException($"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: the Service Manager's create operation on the instance failed.", Operations.Create, tenantId, statusCode: null)
                    : PollStep<string>.Pending(instance.Id, retryAfter: null);
            },
            cancellationToken);

    private static string? LastOperationState(ServiceInstance instance) =>
        instance.AdditionalProperties.TryGetValue("last_operation", out var last)
        && last.ValueKind == System.Text.Json.JsonValueKind.Object
        && last.TryGetProperty("state", out var state)
        && state.ValueKind == System.Text.Json.JsonValueKind.String
            ? state.GetString()
            : null;

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
