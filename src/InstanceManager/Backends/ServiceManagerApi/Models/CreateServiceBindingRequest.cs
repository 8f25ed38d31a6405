using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>The body of <c>POST /v1/service_bindings</c>.</summary>
internal sealed class CreateServiceBindingRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("service_instance_id")]
    public required string ServiceInstanceId { get; init; }

    [JsonPropertyName("labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Parameters { get; init; }
}
