using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>The body of <c>POST /v1/service_instances</c>.</summary>
internal sealed class CreateServiceInstanceRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("service_plan_id")]
    public required string ServicePlanId { get; init; }

    [JsonPropertyName("labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Parameters { get; init; }
}
