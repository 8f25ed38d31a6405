using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A service offering of the Service Manager's catalog (<c>/v1/service_offerings</c>), for example <c>hana</c>.
/// Fields this model does not interpret are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class ServiceOffering
{
    /// <summary>Creates an offering, for example in a test double of <see cref="ServiceOfferingManager"/>.</summary>
    public ServiceOffering()
    {
    }

    /// <summary>The offering's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The offering's name (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The name in the broker's catalog (<c>catalog_name</c>), which the credential key <c>service</c> names.</summary>
    [JsonPropertyName("catalog_name")]
    public string? CatalogName { get; init; }

    /// <summary>The description (<c>description</c>).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The offering's tags (<c>tags</c>) as the service sent them, usually an array of strings.</summary>
    [JsonPropertyName("tags")]
    public JsonElement? Tags { get; init; }

    /// <summary>Every other field the server sent (for example <c>bindable</c>, <c>broker_id</c>, <c>created_at</c>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => Extension ?? ExtensionProperties.None;
        init => Extension = ExtensionProperties.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Extension { get; set; }

    /// <summary>Describes the offering by id and names.</summary>
    public override string ToString() => $"ServiceOffering {{ Id = {Id}, Name = {Name}, CatalogName = {CatalogName} }}";
}
