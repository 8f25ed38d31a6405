using InstanceManager;
using InstanceManager.Caching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Opt-ins of a registered <see cref="IInstanceManagerClient"/>, on the builder that <c>AddInstanceManager…</c> returns.</summary>
public static class InstanceManagerBuilderExtensions
{
    /// <summary>
    /// Fills this client's cache in the background when the host starts, with one list request, so that the first
    /// requests of each tenant are cache hits without delaying the application's start. Off unless called; calling it
    /// again does nothing.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <returns>The builder.</returns>
    public static IInstanceManagerBuilder AddCacheWarmUp(this IInstanceManagerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ServiceKey is not { } key)
        {
            builder.Services.AddInstanceManagerCacheWarmUp();
            return builder;
        }

        var registration = KeyedClientRegistration.Find(builder.Services, key)
            ?? throw new InvalidOperationException($"No Instance Manager client is registered with the key '{key}' in these services.");
        if (!registration.WarmsUp)
        {
            registration.WarmsUp = true;

            // Not AddHostedService: it registers one service per implementation type, and each keyed client needs its own.
            builder.Services.AddSingleton<IHostedService>(provider => new CacheWarmUpService(
                provider.GetRequiredKeyedService<IInstanceManagerClient>(key),
                (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<CacheWarmUpService>()));
        }

        return builder;
    }
}
