using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>One page of a list; <see cref="Token"/> asks for the next one and is absent on the last.</summary>
internal sealed class ServiceManagerPage<T>
{
    [JsonPropertyName("num_items")]
    public int? NumItems { get; init; }

    [JsonPropertyName("items")]
    public List<T>? Items { get; init; }

    [JsonPropertyName("token")]
    public string? Token { get; init; }
}
