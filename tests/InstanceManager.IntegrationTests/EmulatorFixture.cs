using InstanceManager.Emulator;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.IntegrationTests;

/// <summary>An embedded emulator and clients of it, sharing one <see cref="TestClock"/>.</summary>
public sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    private EmulatorFixture(InstanceManagerEmulator emulator, TestClock clock)
    {
        Emulator = emulator;
        Clock = clock;
    }

    public InstanceManagerEmulator Emulator { get; }

    public TestClock Clock { get; }

    public static async Task<EmulatorFixture> StartAsync(Action<InstanceManagerEmulatorOptions>? configure = null)
    {
        // The per-attempt HTTP timeout (30 s) is a deadline, not a wait to end.
        var clock = new TestClock { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
        var options = new InstanceManagerEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return new EmulatorFixture(await InstanceManagerEmulator.StartAsync(options), clock);
    }

    /// <summary>A client configured from the emulator's credentials exactly as an application would be.</summary>
    public IInstanceManagerClient Client(Action<InstanceManagerOptions>? configure = null, InstanceManagerEmulator? emulator = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddInstanceManager((emulator ?? Emulator).Configuration);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IInstanceManagerClient>();
    }

    public int Requests(string method, string? tenantId = null) =>
        Emulator.RequestLog.Count(request => request.Method == method && (tenantId is null || request.TenantId == tenantId));

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
