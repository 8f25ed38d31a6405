using InstanceManager.Emulator;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
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
    public IInstanceManagerClient Client(Action<InstanceManagerOptions>? configure = null, InstanceManagerEmulator? emulator = null) =>
        Services((emulator ?? Emulator).Configuration, configure).GetRequiredService<IInstanceManagerClient>();

    /// <summary>A client of the emulator's Service Manager, configured from its <c>service-manager</c> credentials.</summary>
    public IInstanceManagerClient ServiceManagerClient(Action<InstanceManagerOptions>? configure = null) =>
        ServiceManagerServices(configure).GetRequiredService<IInstanceManagerClient>();

    /// <summary>The services of a client of the emulator's Service Manager (for the low-level <c>ServiceManagerClient</c>).</summary>
    public IServiceProvider ServiceManagerServices(Action<InstanceManagerOptions>? configure = null) =>
        Services(Emulator.ServiceManagerConfiguration, configure);

    /// <summary>A client in migration mode: both credentials, in the official clients' <c>imOpts</c>/<c>smOpts</c> shape.</summary>
    public IInstanceManagerClient MigrationClient(Action<InstanceManagerOptions>? configure = null) =>
        ServicesOf("migration", configure).GetRequiredService<IInstanceManagerClient>();

    /// <summary>A new container (as a new process would build) of a client in <paramref name="mode"/>: <c>instance-manager</c>, <c>service-manager</c> or <c>migration</c>.</summary>
    public IServiceProvider ServicesOf(string mode, Action<InstanceManagerOptions>? configure = null) => mode switch
    {
        "service-manager" => Services(Emulator.ServiceManagerConfiguration, configure),
        "migration" => Services(
            new ConfigurationBuilder()
                .AddInMemoryCollection(Emulator.Credentials.Select(pair => KeyValuePair.Create("imOpts:" + pair.Key, (string?)pair.Value)))
                .AddInMemoryCollection(Emulator.ServiceManagerCredentials.Select(pair => KeyValuePair.Create("smOpts:" + pair.Key, (string?)pair.Value)))
                .Build(),
            configure),
        _ => Services(Emulator.Configuration, configure),
    };

    private ServiceProvider Services(IConfiguration credentials, Action<InstanceManagerOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddInstanceManager(credentials);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>The Service Manager requests of the emulator's log whose target starts with <paramref name="pathPrefix"/>.</summary>
    public int ServiceManagerRequests(string method, string pathPrefix, string? tenantId = null) =>
        Emulator.RequestLog.Count(request => request.Method == method && request.Path.StartsWith(pathPrefix, StringComparison.Ordinal) && (tenantId is null || request.TenantId == tenantId));

    /// <summary>The Instance Manager requests of the emulator's log (not its Service Manager's or token requests).</summary>
    public int Requests(string method, string? tenantId = null) =>
        Emulator.RequestLog.Count(request => request.Method == method && request.Path.StartsWith("/instance-manager/", StringComparison.Ordinal) && (tenantId is null || request.TenantId == tenantId));

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
