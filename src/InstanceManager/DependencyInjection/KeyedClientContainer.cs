using System.Diagnostics.Metrics;
using InstanceManager;
using InstanceManager.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The container of one keyed client, built when the application's container first resolves the client and
/// disposed with it. A container per key, rather than keyed registrations of every internal service, keeps each
/// client's internal services (options, cache, backend, poller, typed HTTP client, connection pool) its own by
/// construction: the internal services resolve their dependencies without keys, so they cannot pick up another
/// client's by mistake, and they need not know that keys exist.
/// </summary>
internal sealed class KeyedClientContainer : IDisposable, IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public KeyedClientContainer(KeyedClientRegistration registration, IServiceProvider application)
    {
        // The named options are read, and so validated, in the application's container: a bad option fails naming the key.
        var options = application.GetRequiredService<IOptionsMonitor<InstanceManagerOptions>>().Get(registration.OptionsName);

        // A copy, so that the registration stays as it was for any other container built from the same services.
        IServiceCollection services = new ServiceCollection();
        foreach (var descriptor in registration.Services)
        {
            services.Add(descriptor);
        }

        ClientServices.AddShared(
            services,
            application.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            application.GetService<TimeProvider>() ?? TimeProvider.System,
            application.GetService<IMeterFactory>());
        services.AddSingleton(Options.Options.Create(options));
        foreach (var setup in registration.ContainerSetup)
        {
            setup(services, application);
        }

        _provider = services.BuildServiceProvider();
        try
        {
            Client = _provider.GetRequiredService<IInstanceManagerClient>();
        }
        catch
        {
            _provider.Dispose();
            throw;
        }
    }

    public IInstanceManagerClient Client { get; }

    /// <summary>The client's own services, where packages that extend it (and their tests) find what they added.</summary>
    public IServiceProvider Services => _provider;

    public void Dispose() => _provider.Dispose();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
