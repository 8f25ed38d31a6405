using System.Text.Json.Serialization;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>The OAuth server's answer to a client-credentials grant.</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }
}
