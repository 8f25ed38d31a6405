using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Cli.Output;

/// <summary>The instance of <c>get</c>; every credential value is <c>***</c> unless <c>--show-credentials</c> is given.</summary>
internal sealed record InstanceDetails(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created")] string? Created,
    [property: JsonPropertyName("updated")] string? Updated,
    [property: JsonPropertyName("failedMessage")] string? FailedMessage,
    [property: JsonPropertyName("credentials")] IReadOnlyDictionary<string, JsonElement>? Credentials);
