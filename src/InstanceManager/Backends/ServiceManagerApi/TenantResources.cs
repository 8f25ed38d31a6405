using System.Text.Json;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Finds a tenant's resources in the Service Manager as the official client labels and names them: its instance by
/// name (<see cref="ManagedInstances.InstanceName"/>), its bindings by the labels <c>tenant_id</c>,
/// <c>service_plan_id</c> and <c>managing_client_lib</c>.
/// </summary>
internal sealed class TenantResources(ServiceManagerClient serviceManager)
{
    private readonly ServiceInstanceManager _instances = serviceManager.Instances;
    private readonly ServiceBindingManager _bindings = serviceManager.Bindings;

    /// <summary>The tenant's bindings made by this client or the official ones (the label query is re-checked, as the service may match loosely).</summary>
    public async Task<List<ServiceBinding>> BindingsAsync(ResolvedPlan plan, CallContext call, CancellationToken cancellationToken)
    {
        var tenantId = call.Tenant;
        var bindings = await _bindings.ListAllAsync(ManagedBindingsQuery(plan, tenantId), call, cancellationToken).ConfigureAwait(false);
        return bindings.Where(binding => ServiceManagerLabels.TenantOf(binding.Labels) == tenantId).ToList();
    }

    /// <summary>Every binding of the instance, whatever its labels (created by this library, another client or by hand).</summary>
    public Task<List<ServiceBinding>> BindingsOfInstanceAsync(string instanceId, CallContext call, CancellationToken cancellationToken) =>
        _bindings.ListAllAsync(ServiceManagerQuery.Empty.WhereField("service_instance_id", instanceId), call, cancellationToken);

    /// <summary>Every binding this client or the official ones made for the plan, of every tenant.</summary>
    public Task<List<ServiceBinding>> AllBindingsAsync(ResolvedPlan plan, CallContext call, CancellationToken cancellationToken) =>
        _bindings.ListAllAsync(ManagedBindingsQuery(plan, tenantId: null), call, cancellationToken);

    /// <summary>Every instance of the plan.</summary>
    public Task<List<ServiceInstance>> AllInstancesAsync(ResolvedPlan plan, CallContext call, CancellationToken cancellationToken) =>
        _instances.ListAllAsync(ServiceManagerQuery.Empty.WhereField("service_plan_id", plan.PlanId), call, cancellationToken);

    /// <summary>The tenant's instance, found by the name the official client gives it; <see langword="null"/> when there is none.</summary>
    public async Task<ServiceInstance?> InstanceAsync(ResolvedPlan plan, CallContext call, CancellationToken cancellationToken)
    {
        var byName = ServiceManagerQuery.Empty.WhereField("name", ManagedInstances.InstanceName(plan.PlanId, call.Tenant));
        await foreach (var instance in _instances.ListAsync(byName, call, cancellationToken).ConfigureAwait(false))
        {
            return instance;
        }

        return null;
    }

    /// <summary>The binding a tenant's managed instance is made of: its latest ready one.</summary>
    public static ServiceBinding? LatestReady(IEnumerable<ServiceBinding> bindings) =>
        bindings.OrderByDescending(binding => binding.CreatedAt ?? DateTimeOffset.MinValue).FirstOrDefault(binding => binding.Ready);

    /// <summary>The state of the resource's <c>last_operation</c> (<c>in progress</c>, <c>succeeded</c>, <c>failed</c>), if it reports one.</summary>
    public static string? LastOperationState(ProvisionedResource resource) => LastOperationField(resource, "state");

    public static string? LastOperationType(ProvisionedResource resource) => LastOperationField(resource, "type");

    /// <summary>What the service says of the resource's <c>last_operation</c> (why it failed, for a failed one).</summary>
    public static string? LastOperationDescription(ProvisionedResource resource) => LastOperationField(resource, "description");

    private static string? LastOperationField(ProvisionedResource resource, string name) =>
        resource.AdditionalProperties.TryGetValue("last_operation", out var last)
        && last.ValueKind == JsonValueKind.Object
        && last.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The labels of a binding for <paramref name="tenantId"/>, as the official client sets them.</summary>
    public static Dictionary<string, IReadOnlyList<string>> BindingLabels(ResolvedPlan plan, string tenantId) => new()
    {
        [ServiceManagerLabels.TenantId] = [tenantId],
        [ServiceManagerLabels.ServicePlanId] = [plan.PlanId],
        [ServiceManagerLabels.ManagingClientLib] = [ServiceManagerLabels.ManagingClientLibValue],
    };

    private static ServiceManagerQuery ManagedBindingsQuery(ResolvedPlan plan, string? tenantId)
    {
        var managed = ServiceManagerQuery.Empty
            .WhereLabel(ServiceManagerLabels.ServicePlanId, plan.PlanId)
            .WhereLabel(ServiceManagerLabels.ManagingClientLib, ServiceManagerLabels.ManagingClientLibValue);
        return tenantId is null ? managed : managed.WhereLabel(ServiceManagerLabels.TenantId, tenantId);
    }
}
