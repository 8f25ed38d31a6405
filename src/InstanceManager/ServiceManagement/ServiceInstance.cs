using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A service instance (<c>/v1/service_instances</c>). Fields this model does not interpret are kept in
/// <see cref="ServiceManagerObject.AdditionalProperties"/>.
/// </summary>
public sealed class ServiceInstance : ProvisionedResource
{
    /// <summary>Creates an instance, for example in a test double of <see cref="ServiceInstanceManager"/>.</summary>
    public ServiceInstance()
    {
    }

    /// <summary>The id of the instance's plan (<c>service_plan_id</c>).</summary>
    [JsonPropertyName("service_plan_id")]
    public string? ServicePlanId { get; init; }

    /// <summary>Describes the instance by id, name, plan and readiness.</summary>
    public override string ToString() => $"ServiceInstance {{ Id = {Id}, Name = {Name}, ServicePlanId = {ServicePlanId}, Ready = {Ready} }}";
}
