using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A service instance (<c>/v1/service_instances</c>). Fields this model does not interpret are kept in
/// <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class ServiceInstance
{
    /// <summary>Creates an instance, for example in a test double of <see cref="ServiceInstanceManager"/>.</summary>
    public ServiceInstance()
    {
    }

    /// <summary>The instance's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The instance's name (<c>name</c>), unique per plan and subaccount.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The id of the instance's plan (<c>service_plan_id</c>).</summary>
    [JsonPropertyName("service_plan_id")]
    public string? ServicePlanId { get; init; }

    /// <summary>The labels (<c>labels</c>): each key has a list of values, for example <c>tenant_id: ["t1"]</c>.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    /// <summary>Whether the instance is usable (<c>ready</c>).</summary>
    [JsonPropertyName("ready")]
    public bool Ready { get; init; }

    /// <summary>When the instance was created (<c>created_at</c>); a value that is not an ISO-8601 timestamp makes the answer unreadable.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the instance last changed (<c>updated_at</c>).</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Every other field the server sent (for example <c>usable</c>, <c>platform_id</c>, <c>context</c>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => Extension ?? ExtensionProperties.None;
        init => Extension = ExtensionProperties.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Extension { get; set; }

    /// <summary>Describes the instance by id, name, plan and readiness.</summary>
    public override string ToString() => $"ServiceInstance {{ Id = {Id}, Name = {Name}, ServicePlanId = {ServicePlanId}, Ready = {Ready} }}";
}
