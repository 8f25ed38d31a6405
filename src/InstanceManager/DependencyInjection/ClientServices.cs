using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.DependencyInjection;

/// <summary>
/// The services that a client living in a container of its own (the factory's client, a keyed client) shares with
/// the application: logging, the clock and meters. They are added as instances, so that the client's container
/// never disposes them.
/// </summary>
internal static class ClientServices
{
    public static void AddShared(IServiceCollection services, ILoggerFactory loggerFactory, TimeProvider timeProvider, IMeterFactory? meterFactory)
    {
        // ILogger<T> comes with the logging services that AddHttpClient adds; they take this factory, added first.
        services.AddSingleton(loggerFactory);
        services.AddSingleton(timeProvider);
        if (meterFactory is not null)
        {
            services.AddSingleton(meterFactory);
        }
    }
}
