using System.Text.Json.Serialization;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// The SAP BTP service operator's <c>.metadata</c> file. Only the credential properties are needed: the metadata
/// properties (<c>type</c>, <c>label</c>, <c>plan</c>, <c>tags</c>, …) are read from their files directly.
/// </summary>
internal sealed class BindingMetadata
{
    [JsonPropertyName("credentialProperties")]
    public List<BindingMetadataProperty>? CredentialProperties { get; set; }
}
