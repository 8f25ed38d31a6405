using System.Text.Json.Serialization;

namespace InstanceManager.Configuration.Bindings;

/// <summary>One file described by <c>.metadata</c>: its name, <c>text</c> or <c>json</c> format, and whether a JSON object's members belong to the parent.</summary>
internal sealed class BindingMetadataProperty
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("container")]
    public bool Container { get; set; }
}
