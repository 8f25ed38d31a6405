using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManager.Models;

/// <summary>An entry of <c>/v1/service_bindings</c>.</summary>
internal sealed class ServiceBinding
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("service_instance_id")]
    public string? ServiceInstanceId { get; init; }

    [JsonPropertyName("labels")]
    public Dictionary<string, List<string>>? Labels { get; init; }

    /// <summary>Contains secrets: never logged.</summary>
    [JsonPropertyName("credentials")]
    public JsonElement? Credentials { get; init; }

    [JsonPropertyName("ready")]
    public bool Ready { get; init; }

    /// <summary>A value that is not an ISO-8601 timestamp makes the whole list unreadable, as in the reference.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }
}
