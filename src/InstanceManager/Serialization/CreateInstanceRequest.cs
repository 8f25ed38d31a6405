using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstanceManager.Serialization;

/// <summary>The body of a create request, as the official clients send it.</summary>
internal sealed class CreateInstanceRequest
{
    [JsonPropertyName("provisioning_parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? ProvisioningParameters { get; init; }

    [JsonPropertyName("binding_parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? BindingParameters { get; init; }
}
