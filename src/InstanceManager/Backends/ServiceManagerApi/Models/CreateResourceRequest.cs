using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>
/// What the bodies of <c>POST /v1/service_instances</c> and <c>POST /v1/service_bindings</c> share; the fields are
/// written in the order the official client writes them.
/// </summary>
internal abstract class CreateResourceRequest
{
    [JsonPropertyName("name")]
    [JsonPropertyOrder(0)]
    public required string Name { get; init; }

    [JsonPropertyName("labels")]
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    [JsonPropertyName("parameters")]
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Parameters { get; init; }
}

/// <summary>The body of <c>POST /v1/service_instances</c>.</summary>
internal sealed class CreateServiceInstanceRequest : CreateResourceRequest
{
    [JsonPropertyName("service_plan_id")]
    [JsonPropertyOrder(1)]
    public required string ServicePlanId { get; init; }
}

/// <summary>The body of <c>POST /v1/service_bindings</c>.</summary>
internal sealed class CreateServiceBindingRequest : CreateResourceRequest
{
    [JsonPropertyName("service_instance_id")]
    [JsonPropertyOrder(1)]
    public required string ServiceInstanceId { get; init; }
}
