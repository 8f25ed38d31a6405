using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>What the emulated broker answers: status, JSON body, the tenant for the request log, and a <c>Retry-After</c> in seconds.</summary>
internal sealed record BrokerAnswer(int Status, JsonObject Body, string? TenantId = null, int? RetryAfterSeconds = null)
{
    /// <summary>An OSB error body: <c>{"error"?, "description"}</c> (the error code only where the specification names one).</summary>
    public static BrokerAnswer Error(int status, string? error, string description, string? tenantId = null)
    {
        var body = new JsonObject();
        if (error is not null)
        {
            body["error"] = error;
        }

        body["description"] = description;
        return new BrokerAnswer(status, body, tenantId);
    }

    public static BrokerAnswer Empty(int status, string? tenantId = null) => new(status, [], tenantId);
}
