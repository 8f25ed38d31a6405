using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>What the official client derives from a tenant and its binding: the instance name and the managed instance.</summary>
internal static class ManagedInstances
{
    /// <summary>Base64 (standard, padded) of SHA-256 over <c>planId + "_" + tenant</c>, as the official client names instances.</summary>
    public static string InstanceName(string planId, string tenantId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(planId + "_" + tenantId)));

    /// <summary>
    /// The managed instance the official client returns for a ready binding:
    /// <c>{label, plan, tags, credentials, tenant_id, status: "CREATION_SUCCEEDED"}</c>.
    /// </summary>
    public static ManagedInstance From(ServiceBinding binding, string tenantId, ResolvedPlan plan) =>
        new()
        {
            TenantId = tenantId,
            Status = InstanceStatus.CreationSucceeded,
            Credentials = binding.Credentials is { ValueKind: JsonValueKind.Object } credentials ? credentials : null,
            AdditionalProperties = plan.InstanceProperties,
        };
}
