using InstanceManager.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstanceManager;

/// <summary>Creates an <see cref="IInstanceManagerClient"/> without a dependency-injection container, for console apps and scripts.</summary>
public static class InstanceManagerClientFactory
{
    /// <summary>
    /// Creates a client, wired exactly as <c>services.AddInstanceManager(configure)</c> wires it, and validates its
    /// options now. The client owns its connections: dispose it when done.
    /// </summary>
    /// <param name="configure">Sets the options, as for <c>services.AddInstanceManager(configure)</c>.</param>
    /// <param name="loggerFactory">Where the client logs, or <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <returns>The client; dispose it when done.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names the keys.</exception>
    public static StandaloneInstanceManagerClient Create(Action<InstanceManagerOptions> configure, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var services = new ServiceCollection();
        ClientServices.AddShared(services, loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System, meterFactory: null);
        services.AddInstanceManager(configure);
        var provider = services.BuildServiceProvider();
        try
        {
            // Resolving the options validates them now rather than at the first call.
            _ = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
            return new StandaloneInstanceManagerClient(provider.GetRequiredService<IInstanceManagerClient>(), provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
