using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InstanceManager;

/// <summary>Creates an <see cref="IInstanceManagerClient"/> without a dependency-injection container, for console apps and scripts.</summary>
public static class InstanceManagerClientFactory
{
    /// <summary>
    /// Creates a client. It is wired exactly as <c>services.AddInstanceManager(…)</c> wires it. Dispose it when done:
    /// that releases its connections.
    /// </summary>
    /// <param name="options">The options; validated now.</param>
    /// <param name="loggerFactory">Where the client logs, or <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <returns>The client; dispose it when done.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names the keys.</exception>
    public static IInstanceManagerClient Create(InstanceManagerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddInstanceManager(target => Copy(options, target));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            // Resolving the options validates them now rather than at the first call.
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<InstanceManagerOptions>>().Value;
            return new OwningInstanceManagerClient(provider.GetRequiredService<IInstanceManagerClient>(), provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static void Copy(InstanceManagerOptions source, InstanceManagerOptions target)
    {
        target.User = source.User;
        target.Password = source.Password;
        target.PostManagedInstanceUrl = source.PostManagedInstanceUrl;
        target.GetManagedInstanceUrl = source.GetManagedInstanceUrl;
        target.GetAllManagedInstancesUrl = source.GetAllManagedInstancesUrl;
        target.DeleteManagedInstanceUrl = source.DeleteManagedInstanceUrl;
        target.PollingInterval = source.PollingInterval;
        target.PollingTimeout = source.PollingTimeout;
        target.PollingStrategy = source.PollingStrategy;
        target.MaxPollingDelay = source.MaxPollingDelay;
        target.CacheMaxItems = source.CacheMaxItems;
        target.CacheItemExpiration = source.CacheItemExpiration;
        target.CaCertificatesPath = source.CaCertificatesPath;
        target.Resilience = source.Resilience;
        target.ServiceManager = source.ServiceManager;
        target.BindingErrors.AddRange(source.BindingErrors);
    }
}
