using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManager.Models;

/// <summary>An entry of <c>/v1/service_plans</c>.</summary>
internal sealed class ServicePlan
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("catalog_name")]
    public string? CatalogName { get; init; }

    [JsonPropertyName("service_offering_id")]
    public string? ServiceOfferingId { get; init; }
}
