using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Hardening;

/// <summary>A client (and its service provider) wired to a <see cref="LoopbackServer"/> on a <see cref="TestClock"/>.</summary>
internal sealed class LoopbackClient : IDisposable
{
    public LoopbackClient(string baseUrl, Action<InstanceManagerOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddInstanceManager(options =>
        {
            ImServer.Fill(options, baseUrl);
            configure?.Invoke(options);
        });
        configureServices?.Invoke(services);
        Services = services.BuildServiceProvider();
        Client = Services.GetRequiredService<IInstanceManagerClient>();
    }

    /// <summary>
    /// The clock; the default per-attempt timeout (30 s) and longer deadlines are not waits it ends, so a test that
    /// wants a deadline to pass sets a shorter attempt timeout.
    /// </summary>
    public TestClock Clock { get; } = new() { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };

    public ServiceProvider Services { get; }

    public IInstanceManagerClient Client { get; }

    public void Dispose() => Services.Dispose();
}
