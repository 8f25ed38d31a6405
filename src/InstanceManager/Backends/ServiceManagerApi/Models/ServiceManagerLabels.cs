namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>The labels the official client puts on instances and bindings, so each finds the other's.</summary>
internal static class ServiceManagerLabels
{
    public const string TenantId = "tenant_id";
    public const string ServicePlanId = "service_plan_id";
    public const string ManagingClientLib = "managing_client_lib";
    public const string ManagingClientLibValue = "instance-manager-client-lib";

    public static string? TenantOf(IReadOnlyDictionary<string, IReadOnlyList<string>>? labels) =>
        labels is not null && labels.TryGetValue(TenantId, out var values) && values is [var tenant, ..] ? tenant : null;
}
