using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// An asynchronous operation of the Service Manager (<c>/v1/&lt;resource&gt;/&lt;id&gt;/operations/&lt;operation id&gt;</c>),
/// as returned once it completed by the <c>CreateAsync</c> and <c>DeleteAsync</c> of <see cref="ServiceInstanceManager"/>
/// and <see cref="ServiceBindingManager"/>. Fields this model does not interpret are kept in
/// <see cref="ServiceManagerObject.AdditionalProperties"/>.
/// </summary>
public sealed class ServiceManagerOperation : ServiceManagerObject
{
    internal const string SucceededState = "succeeded";
    internal const string FailedState = "failed";
    internal const string InProgressState = "in progress";

    /// <summary>Creates an operation, for example in a test double of <see cref="ServiceInstanceManager"/>.</summary>
    public ServiceManagerOperation()
    {
    }

    /// <summary>The operation's id (<c>id</c>); <see langword="null"/> when the service completed the request at once and reported no operation.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>What the operation does (<c>type</c>): <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>The state (<c>state</c>): <c>in progress</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>The id of the resource the operation concerns (<c>resource_id</c>), for a create the new resource's id.</summary>
    [JsonPropertyName("resource_id")]
    public string? ResourceId { get; init; }

    /// <summary>The kind of resource (<c>resource_type</c>), for example <c>/v1/service_instances</c>.</summary>
    [JsonPropertyName("resource_type")]
    public string? ResourceType { get; init; }

    /// <summary>Why the operation failed (<c>errors</c>): an object <c>{"error", "description"}</c> or an array of them.</summary>
    [JsonPropertyName("errors")]
    public JsonElement? Errors { get; init; }

    /// <summary>Whether the <see cref="State"/> is <c>succeeded</c>.</summary>
    [JsonIgnore]
    public bool Succeeded => State == SucceededState;

    /// <summary>Whether the <see cref="State"/> is <c>failed</c>.</summary>
    [JsonIgnore]
    public bool Failed => State == FailedState;

    /// <summary>Whether the operation has neither succeeded nor failed yet (state <c>in progress</c>, or one this library does not know).</summary>
    [JsonIgnore]
    public bool InProgress => !Succeeded && !Failed;

    /// <summary>Describes the operation by id, type, state and resource.</summary>
    public override string ToString() => $"ServiceManagerOperation {{ Id = {Id}, Type = {Type}, State = {State}, ResourceType = {ResourceType}, ResourceId = {ResourceId} }}";

    /// <summary>This operation with <paramref name="resourceId"/> as its <see cref="ResourceId"/>.</summary>
    internal ServiceManagerOperation WithResourceId(string resourceId) =>
        new()
        {
            Id = Id,
            Type = Type,
            State = State,
            ResourceId = resourceId,
            ResourceType = ResourceType,
            Errors = Errors,
            Extension = Extension,
        };
}
