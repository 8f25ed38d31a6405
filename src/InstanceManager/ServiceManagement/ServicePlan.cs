using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A plan of a service offering (<c>/v1/service_plans</c>), for example <c>hdi-shared</c>. Fields this model does
/// not interpret are kept in <see cref="ServiceManagerObject.AdditionalProperties"/>.
/// </summary>
public sealed class ServicePlan : ServiceCatalogEntry
{
    /// <summary>Creates a plan, for example in a test double of <see cref="ServicePlanManager"/>.</summary>
    public ServicePlan()
    {
    }

    /// <summary>The id of the offering the plan belongs to (<c>service_offering_id</c>).</summary>
    [JsonPropertyName("service_offering_id")]
    public string? ServiceOfferingId { get; init; }

    /// <summary>Describes the plan by id, names and offering.</summary>
    public override string ToString() => $"ServicePlan {{ Id = {Id}, Name = {Name}, CatalogName = {CatalogName}, ServiceOfferingId = {ServiceOfferingId} }}";
}
