using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManager.Models;

/// <summary>An entry of <c>/v1/service_offerings</c>.</summary>
internal sealed class ServiceOffering
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("catalog_name")]
    public string? CatalogName { get; init; }

    [JsonPropertyName("tags")]
    public JsonElement? Tags { get; init; }
}
