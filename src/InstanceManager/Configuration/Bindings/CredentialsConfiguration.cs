using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// Turns a binding's credentials into <see cref="IConfiguration"/> through the JSON configuration provider, so nested
/// values get the same <c>a:b</c> keys as they would in <c>appsettings.json</c>.
/// </summary>
internal static class CredentialsConfiguration
{
    public static IConfiguration Build(DiscoveredBinding binding)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            binding.WriteCredentials(writer);
        }

        buffer.Position = 0;
        return new ConfigurationBuilder().AddJsonStream(buffer).Build();
    }
}
