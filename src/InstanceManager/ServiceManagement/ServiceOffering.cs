using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A service offering of the Service Manager's catalog (<c>/v1/service_offerings</c>), for example <c>hana</c>.
/// Fields this model does not interpret are kept in <see cref="ServiceManagerObject.AdditionalProperties"/>.
/// </summary>
public sealed class ServiceOffering : ServiceCatalogEntry
{
    /// <summary>Creates an offering, for example in a test double of <see cref="ServiceOfferingManager"/>.</summary>
    public ServiceOffering()
    {
    }

    /// <summary>The offering's tags (<c>tags</c>) as the service sent them, usually an array of strings.</summary>
    [JsonPropertyName("tags")]
    public JsonElement? Tags { get; init; }

    /// <summary>Describes the offering by id and names.</summary>
    public override string ToString() => $"ServiceOffering {{ Id = {Id}, Name = {Name}, CatalogName = {CatalogName} }}";
}
