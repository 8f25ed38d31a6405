using System.Text.Json.Nodes;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>Instance Manager response bodies, as the spec shows them.</summary>
public static class InstanceJson
{
    public const string InstancePassword = "hdi-Pa55-w0rd-SECRET";

    public static string Instance(string tenantId, string status, string? failedMessage = null) =>
        Node(tenantId, status, failedMessage).ToJsonString();

    public static JsonObject Node(string tenantId, string status, string? failedMessage = null)
    {
        var node = new JsonObject
        {
            ["id"] = "4a6f0000-0000-0000-0000-" + Math.Abs(tenantId.GetHashCode(StringComparison.Ordinal)).ToString("000000000000", System.Globalization.CultureInfo.InvariantCulture)[..12],
            ["tenant_id"] = tenantId,
            ["managed_service_id"] = "4f38aaaa-0000-0000-0000-000000000001",
            ["managed_plan_id"] = "plan-1",
            ["status"] = status,
            ["created_on"] = "2026-11-23T10:00:00Z",
            ["updated_on"] = "2026-11-23T10:00:01Z",
        };
        if (status == "CREATION_SUCCEEDED")
        {
            node["credentials"] = new JsonObject
            {
                ["host"] = "hana.example",
                ["port"] = "30015",
                ["schema"] = "SCHEMA_" + tenantId.ToUpperInvariant(),
                ["user"] = "USER_" + tenantId.ToUpperInvariant(),
                ["password"] = InstancePassword,
                ["url"] = "jdbc:sap://hana.example:30015/",
            };
        }

        if (failedMessage is not null)
        {
            node["failed_message"] = failedMessage;
        }

        return node;
    }

    public static string List(params JsonObject[] instances) => new JsonArray(instances).ToJsonString();
}
