using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InstanceManager.Serialization;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Backends.ServiceManager;

/// <summary>What the official client derives from a tenant and its binding: the instance name and the managed instance.</summary>
internal static class ManagedInstances
{
    /// <summary>Base64 (standard, padded) of SHA-256 over <c>planId + "_" + tenant</c>, as the official client names instances.</summary>
    public static string InstanceName(string planId, string tenantId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(planId + "_" + tenantId)));

    /// <summary>
    /// The managed instance the official client returns for a ready binding:
    /// <c>{label, plan, tags, credentials, tenant_id, status: "CREATION_SUCCEEDED"}</c>, read through the same
    /// converter as an Instance Manager instance so both backends' instances behave alike.
    /// </summary>
    public static ManagedInstance From(ServiceBinding binding, string tenantId, ResolvedPlan plan)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("label", plan.Service);
            writer.WriteString("plan", plan.Plan);
            writer.WritePropertyName("tags");
            if (plan.OfferingTags is { } tags)
            {
                tags.WriteTo(writer);
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            if (binding.Credentials is { ValueKind: JsonValueKind.Object } credentials)
            {
                writer.WritePropertyName(ManagedInstanceConverter.CredentialsName);
                credentials.WriteTo(writer);
            }

            writer.WriteString(ManagedInstanceConverter.TenantIdName, tenantId);
            writer.WriteString(ManagedInstanceConverter.StatusName, InstanceStatusNames.Format(InstanceStatus.CreationSucceeded));
            writer.WriteEndObject();
        }

        return JsonSerializer.Deserialize(buffer.WrittenSpan, InstanceManagerJsonContext.Default.ManagedInstance)!;
    }
}
