using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.DependencyInjection;

/// <summary>
/// The services of a client that lives in a container of its own (the factory's client, a keyed client): the
/// application's logging, clock and meters, and nothing else, so the client's own singletons (options, cache,
/// backends, HTTP client) cannot be confused with another client's.
/// </summary>
internal static class ClientServices
{
    public static ServiceCollection Create(ILoggerFactory loggerFactory, TimeProvider timeProvider, IMeterFactory? meterFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(timeProvider);
        if (meterFactory is not null)
        {
            services.AddSingleton(meterFactory);
        }

        return services;
    }
}
