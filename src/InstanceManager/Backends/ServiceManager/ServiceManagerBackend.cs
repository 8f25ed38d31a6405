using System.Runtime.CompilerServices;
using System.Text.Json;
using InstanceManager.Backends.ServiceManager.Models;
using InstanceManager.Diagnostics;
using InstanceManager.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManager;

/// <summary>
/// The official Node.js client's algorithms over the Service Manager: one service instance (named after the plan
/// and the tenant, labelled <c>tenant_id</c>) and one binding (labelled <c>tenant_id</c>, <c>service_plan_id</c>,
/// <c>managing_client_lib</c>) per tenant; the tenant's latest ready binding is its managed instance.
/// </summary>
/// <remarks>
/// Tenant ids go into single-quoted query values with quotes doubled; ids the Service Manager's grammar cannot carry
/// unchanged (a backslash, or a single quote at either end) are refused with <see cref="ArgumentException"/> before
/// any request (see <see cref="ServiceManagerQuery"/>).
/// </remarks>
internal sealed class ServiceManagerBackend : IInstanceBackend
{
    private readonly ServiceManagerHttpClient _http;
    private readonly ServicePlanResolver _plans;
    private readonly InstancePoller _poller;
    private readonly TimeProvider _timeProvider;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServiceManagerBackend> _logger;

    public ServiceManagerBackend(ServiceManagerHttpClient http, ServicePlanResolver plans, InstancePoller poller, IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, ILogger<ServiceManagerBackend> logger)
    {
        _http = http;
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
            Labels = new() { [ServiceManagerLabels.TenantId] = [tenantId] },
            Parameters = parameters?.ProvisioningParameters,
        };
        var startedAt = _timeProvider.GetTimestamp();
        var start = await _http.CreateAsync(ServiceManagerHttpClient.Instances, body, ServiceManagerJsonContext.Default.CreateServiceInstanceRequest, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false);
        var instanceId = await WaitForCreationAsync(start, Operations.Create, tenantId, startedAt, "instance", cancellationToken).ConfigureAwait(false);

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
        var bindings = await _http.ListAllAsync(
            ServiceManagerHttpClient.Bindings,
            fieldQuery: null,
            ManagedBindingsQuery(plan, tenantId: null),
            ServiceManagerJsonContext.Default.ServiceManagerPageServiceBinding,
            Operations.GetAll,
            tenantId: null,
            cancellationToken).ConfigureAwait(false);

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
        var instances = await _http.ListAllAsync(
            ServiceManagerHttpClient.Instances,
            ServiceManagerQuery.Equal(("service_plan_id", plan.PlanId)),
            labelQuery: null,
            ServiceManagerJsonContext.Default.ServiceManagerPageServiceInstance,
            Operations.GetAll,
            tenantId: null,
            cancellationToken).ConfigureAwait(false);

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
            await DeleteResourceAsync(ServiceManagerHttpClient.Bindings, binding.Id, tenantId, cancellationToken).ConfigureAwait(false);
        }

        // Looked up even without bindings, so that a deletion that failed half-way can be repeated.
        var instance = await FindInstanceAsync(plan, tenantId, Operations.Delete, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceManagerException(
                $"{ServiceErrors.Subject(Operations.Delete, tenantId)} failed: Missing managed service instance for tenant {tenantId}.",
                Operations.Delete,
                tenantId,
                statusCode: 404);
        await DeleteResourceAsync(ServiceManagerHttpClient.Instances, instance.Id, tenantId, cancellationToken).ConfigureAwait(false);
        Log.Deleted(_logger, tenantId);
    }

    /// <summary>Creates a binding of the instance with the official client's labels, waits for it and returns it as a managed instance.</summary>
    private async Task<ManagedInstance> BindAsync(string instanceId, string tenantId, ResolvedPlan plan, System.Text.Json.Nodes.JsonObject? bindingParameters, string operation, CancellationToken cancellationToken)
    {
        var body = new CreateServiceBindingRequest
        {
            Name = Guid.NewGuid().ToString(),
            ServiceInstanceId = instanceId,
            Labels = new()
            {
                [ServiceManagerLabels.TenantId] = [tenantId],
                [ServiceManagerLabels.ServicePlanId] = [plan.PlanId],
                [ServiceManagerLabels.ManagingClientLib] = [ServiceManagerLabels.ManagingClientLibValue],
            },
            Parameters = bindingParameters,
        };
        var startedAt = _timeProvider.GetTimestamp();
        var start = await _http.CreateAsync(ServiceManagerHttpClient.Bindings, body, ServiceManagerJsonContext.Default.CreateServiceBindingRequest, operation, tenantId, cancellationToken).ConfigureAwait(false);
        var bindingId = await WaitForCreationAsync(start, operation, tenantId, startedAt, "binding", cancellationToken).ConfigureAwait(false);
        var binding = await _http.GetAsync(ServiceManagerHttpClient.Bindings, bindingId, ServiceManagerJsonContext.Default.ServiceBinding, operation, tenantId, cancellationToken).ConfigureAwait(false);
        Log.Completed(_logger, operation, tenantId, InstanceStatus.CreationSucceeded);
        return ManagedInstances.From(binding, tenantId, plan);
    }

    /// <summary>Deletes the instance whose binding failed; the error names the binding failure and, if it failed too, the rollback's.</summary>
    private async Task<InstanceManagerException> RollBackAsync(string instanceId, string tenantId, InstanceManagerException bindingFailure, CancellationToken cancellationToken)
    {
        Log.RollingBack(_logger, tenantId, bindingFailure.Message);
        try
        {
            await DeleteResourceAsync(ServiceManagerHttpClient.Instances, instanceId, tenantId, cancellationToken).ConfigureAwait(false);
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

    private async Task DeleteResourceAsync(string resource, string id, string tenantId, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        var operationUrl = await _http.DeleteAsync(resource, id, Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        if (operationUrl is not null)
        {
            await WaitAsync(operationUrl, Operations.Delete, tenantId, startedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for an asynchronous create and returns the created resource's id.</summary>
    private async Task<string> WaitForCreationAsync(ServiceManagerHttpClient.AsyncStart start, string operation, string tenantId, long startedAt, string what, CancellationToken cancellationToken)
    {
        string? id = start.ResourceId;
        if (start.OperationUrl is { } operationUrl)
        {
            var completed = await WaitAsync(operationUrl, operation, tenantId, startedAt, cancellationToken).ConfigureAwait(false);
            id = string.IsNullOrEmpty(completed.ResourceId) ? id : completed.ResourceId;
        }

        return string.IsNullOrEmpty(id)
            ? throw new InstanceManagerException($"{ServiceErrors.Subject(operation, tenantId)} failed: the Service Manager did not say which {what} it created.", operation, tenantId, statusCode: null)
            : id;
    }

    /// <summary>Polls the operation until it leaves <c>in progress</c>; a failed one throws, with 409 for a single <c>Conflict</c> error.</summary>
    private Task<ServiceManagerOperation> WaitAsync(Uri operationUrl, string operation, string tenantId, long startedAt, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            operation,
            tenantId,
            startedAt,
            pollFirst: true,
            retryAfter: null,
            (this, operationUrl, operation, tenantId),
            static async (state, cancellationToken) =>
            {
                var (backend, operationUrl, operation, tenantId) = state;
                var (current, retryAfter) = await backend._http.GetOperationAsync(operationUrl, operation, tenantId, cancellationToken).ConfigureAwait(false);
                return current.State switch
                {
                    ServiceManagerOperation.Succeeded => PollStep<ServiceManagerOperation>.Completed(current),
                    ServiceManagerOperation.Failed => throw backend.OperationFailed(operation, tenantId, current),
                    _ => PollStep<ServiceManagerOperation>.Pending(current, retryAfter),
                };
            },
            cancellationToken);

    private InstanceManagerException OperationFailed(string operation, string tenantId, ServiceManagerOperation failed)
    {
        var errors = OperationErrors(failed.Errors);
        var conflict = errors is [("Conflict", _)];
        var description = errors.Count == 0 ? "no reason given" : string.Join("; ", errors.Select(error => error.Description ?? error.Error));
        var exception = new InstanceManagerException(
            $"{ServiceErrors.Subject(operation, tenantId)} failed: the Service Manager's {failed.Type ?? "asynchronous"} operation on the {failed.ResourceType ?? "resource"} failed: {description}",
            operation,
            tenantId,
            conflict ? 409 : null,
            description);
        Log.Failed(_logger, operation, tenantId, exception.Message);
        return exception;
    }

    private static List<(string? Error, string? Description)> OperationErrors(JsonElement? errors)
    {
        var result = new List<(string?, string?)>();
        switch (errors)
        {
            case { ValueKind: JsonValueKind.Object } single:
                result.Add(OperationError(single));
                break;
            case { ValueKind: JsonValueKind.Array } many:
                result.AddRange(many.EnumerateArray().Where(error => error.ValueKind == JsonValueKind.Object).Select(OperationError));
                break;
        }

        return result;
    }

    private static (string? Error, string? Description) OperationError(JsonElement error) =>
        (Text(error, "error"), Text(error, "description"));

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<List<ServiceBinding>> TenantBindingsAsync(ResolvedPlan plan, string tenantId, string operation, CancellationToken cancellationToken)
    {
        var bindings = await _http.ListAllAsync(
            ServiceManagerHttpClient.Bindings,
            fieldQuery: null,
            ManagedBindingsQuery(plan, tenantId),
            ServiceManagerJsonContext.Default.ServiceManagerPageServiceBinding,
            operation,
            tenantId,
            cancellationToken).ConfigureAwait(false);
        return bindings.Where(binding => ServiceManagerLabels.TenantOf(binding.Labels) == tenantId).ToList();
    }

    private async Task<ServiceInstance?> FindInstanceAsync(ResolvedPlan plan, string tenantId, string operation, CancellationToken cancellationToken)
    {
        await foreach (var instance in _http.ListAsync(
            ServiceManagerHttpClient.Instances,
            ServiceManagerQuery.Equal(("name", ManagedInstances.InstanceName(plan.PlanId, tenantId))),
            labelQuery: null,
            ServiceManagerJsonContext.Default.ServiceManagerPageServiceInstance,
            operation,
            tenantId,
            cancellationToken).ConfigureAwait(false))
        {
            return instance;
        }

        return null;
    }

    private static string ManagedBindingsQuery(ResolvedPlan plan, string? tenantId) =>
        tenantId is null
            ? ServiceManagerQuery.Equal((ServiceManagerLabels.ServicePlanId, plan.PlanId), (ServiceManagerLabels.ManagingClientLib, ServiceManagerLabels.ManagingClientLibValue))
            : ServiceManagerQuery.Equal((ServiceManagerLabels.ServicePlanId, plan.PlanId), (ServiceManagerLabels.ManagingClientLib, ServiceManagerLabels.ManagingClientLibValue), (ServiceManagerLabels.TenantId, tenantId));

    private static ServiceBinding? LatestReady(IEnumerable<ServiceBinding> bindings) =>
        bindings.OrderByDescending(binding => binding.CreatedAt ?? DateTimeOffset.MinValue).FirstOrDefault(binding => binding.Ready);
}
