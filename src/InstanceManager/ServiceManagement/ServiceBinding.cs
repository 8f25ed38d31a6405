using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A binding of a service instance (<c>/v1/service_bindings</c>): the <see cref="Credentials"/> an application uses
/// to reach the instance. Fields this model does not interpret are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class ServiceBinding
{
    /// <summary>Creates a binding, for example in a test double of <see cref="ServiceBindingManager"/>.</summary>
    public ServiceBinding()
    {
    }

    /// <summary>The binding's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The binding's name (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The id of the bound instance (<c>service_instance_id</c>).</summary>
    [JsonPropertyName("service_instance_id")]
    public string? ServiceInstanceId { get; init; }

    /// <summary>The labels (<c>labels</c>): each key has a list of values, for example <c>tenant_id: ["t1"]</c>.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    /// <summary>The credentials object (<c>credentials</c>), for example <c>host</c>, <c>user</c>, <c>password</c>.</summary>
    /// <remarks>Contains secrets: never log it. <see cref="ToString"/> prints its keys only.</remarks>
    [JsonPropertyName("credentials")]
    public JsonElement? Credentials { get; init; }

    /// <summary>Whether the binding is usable (<c>ready</c>).</summary>
    [JsonPropertyName("ready")]
    public bool Ready { get; init; }

    /// <summary>When the binding was created (<c>created_at</c>); a value that is not an ISO-8601 timestamp makes the answer unreadable.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the binding last changed (<c>updated_at</c>).</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Every other field the server sent (for example <c>context</c>, <c>bind_resource</c>).</summary>
    /// <remarks>May hold secrets too (for example binding <c>parameters</c>); <see cref="ToString"/> does not print it.</remarks>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => Extension ?? ExtensionProperties.None;
        init => Extension = ExtensionProperties.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Extension { get; set; }

    /// <summary>Describes the binding without credential values.</summary>
    public override string ToString()
    {
        var text = $"ServiceBinding {{ Id = {Id}, Name = {Name}, ServiceInstanceId = {ServiceInstanceId}, Ready = {Ready}";
        if (Credentials is { ValueKind: JsonValueKind.Object } credentials)
        {
            text += ", Credentials = [" + string.Join(", ", credentials.EnumerateObject().Select(property => property.Name)) + "] (values hidden)";
        }

        return text + " }";
    }
}
