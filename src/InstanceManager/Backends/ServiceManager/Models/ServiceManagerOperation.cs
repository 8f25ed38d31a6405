using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManager.Models;

/// <summary>An asynchronous operation, read from the <c>Location</c> of a 202 answer.</summary>
internal sealed class ServiceManagerOperation
{
    public const string InProgress = "in progress";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("resource_id")]
    public string? ResourceId { get; init; }

    [JsonPropertyName("resource_type")]
    public string? ResourceType { get; init; }

    /// <summary>An object <c>{"error", "description"}</c> or an array of them.</summary>
    [JsonPropertyName("errors")]
    public JsonElement? Errors { get; init; }
}
