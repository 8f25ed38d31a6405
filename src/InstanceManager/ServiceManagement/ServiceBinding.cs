using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// A binding of a service instance (<c>/v1/service_bindings</c>): the <see cref="Credentials"/> an application uses
/// to reach the instance. Fields this model does not interpret are kept in <see cref="ServiceManagerObject.AdditionalProperties"/>.
/// </summary>
/// <remarks>
/// <see cref="ServiceManagerObject.AdditionalProperties"/> may hold secrets too (for example binding <c>parameters</c>);
/// <see cref="ToString"/> prints neither them nor credential values.
/// </remarks>
public sealed class ServiceBinding : ProvisionedResource
{
    /// <summary>Creates a binding, for example in a test double of <see cref="ServiceBindingManager"/>.</summary>
    public ServiceBinding()
    {
    }

    /// <summary>The id of the bound instance (<c>service_instance_id</c>).</summary>
    [JsonPropertyName("service_instance_id")]
    public string? ServiceInstanceId { get; init; }

    /// <summary>The credentials object (<c>credentials</c>), for example <c>host</c>, <c>user</c>, <c>password</c>.</summary>
    /// <remarks>Contains secrets: never log it. <see cref="ToString"/> prints its keys only.</remarks>
    [JsonPropertyName("credentials")]
    public JsonElement? Credentials { get; init; }

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
