using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManager.Models;

/// <summary>An entry of <c>/v1/service_instances</c>.</summary>
internal sealed class ServiceInstance
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("service_plan_id")]
    public string? ServicePlanId { get; init; }

    [JsonPropertyName("labels")]
    public Dictionary<string, List<string>>? Labels { get; init; }

    [JsonPropertyName("ready")]
    public bool Ready { get; init; }

    /// <summary>A value that is not an ISO-8601 timestamp makes the whole list unreadable, as in the reference.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }
}
