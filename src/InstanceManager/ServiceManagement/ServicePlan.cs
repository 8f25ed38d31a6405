using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A plan of a service offering (<c>/v1/service_plans</c>), for example <c>hdi-shared</c>. Fields this model does
/// not interpret are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class ServicePlan
{
    /// <summary>Creates a plan, for example in a test double of <see cref="ServicePlanManager"/>.</summary>
    public ServicePlan()
    {
    }

    /// <summary>The plan's id (<c>id</c>), which instances name as their <see cref="ServiceInstance.ServicePlanId"/>.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The plan's name (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The name in the broker's catalog (<c>catalog_name</c>), which the credential key <c>plan</c> names.</summary>
    [JsonPropertyName("catalog_name")]
    public string? CatalogName { get; init; }

    /// <summary>The description (<c>description</c>).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The id of the offering the plan belongs to (<c>service_offering_id</c>).</summary>
    [JsonPropertyName("service_offering_id")]
    public string? ServiceOfferingId { get; init; }

    /// <summary>Every other field the server sent (for example <c>free</c>, <c>bindable</c>, <c>metadata</c>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => Extension ?? ExtensionProperties.None;
        init => Extension = ExtensionProperties.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Extension { get; set; }

    /// <summary>Describes the plan by id, names and offering.</summary>
    public override string ToString() => $"ServicePlan {{ Id = {Id}, Name = {Name}, CatalogName = {CatalogName}, ServiceOfferingId = {ServiceOfferingId} }}";
}
