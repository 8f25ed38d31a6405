using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Emulator.Tests;

/// <summary>
/// Two emulators on one fake clock: one serves as the broker (its own OSB endpoint), the other as the Service Manager
/// with no built-in offerings, to which the broker is registered.
/// </summary>
internal sealed class BrokeredServiceManager : IAsyncDisposable
{
    private BrokeredServiceManager(EmulatorHarness broker, EmulatorHarness platform, ServiceManagerSession session)
    {
        Broker = broker;
        Platform = platform;
        Session = session;
    }

    public EmulatorHarness Broker { get; }

    public EmulatorHarness Platform { get; }

    public ServiceManagerSession Session { get; }

    public TestClock Clock => Platform.Clock;

    /// <summary>The requests the broker answered on its OSB endpoint.</summary>
    public IReadOnlyList<EmulatorRequest> BrokerRequests => [.. Broker.Emulator.RequestLog.Where(request => request.Path.StartsWith("/osb/", StringComparison.Ordinal))];

    public static async Task<BrokeredServiceManager> StartAsync(Action<InstanceManagerEmulatorOptions>? configureBroker = null, Action<InstanceManagerEmulatorOptions>? configurePlatform = null, bool register = true)
    {
        var clock = new TestClock();
        var broker = await EmulatorHarness.StartAsync(clock, configureBroker);
        var platform = await EmulatorHarness.StartAsync(clock, options =>
        {
            options.ServiceManager.Catalog = [];
            if (register)
            {
                options.ServiceManager.Brokers = [broker.Emulator.OpenServiceBroker];
            }

            configurePlatform?.Invoke(options);
        });
        return new BrokeredServiceManager(broker, platform, await ServiceManagerSession.StartAsync(platform));
    }

    /// <summary>POST /v1/service_brokers with the broker's (or the given) registration.</summary>
    public async Task<HttpResponseMessage> RegisterAsync(string name, Uri? url = null, string? password = null)
    {
        var broker = Broker.Emulator.OpenServiceBroker;
        var body = new JsonObject
        {
            ["name"] = name,
            ["broker_url"] = (url ?? broker.Url)!.AbsoluteUri,
            ["credentials"] = new JsonObject { ["basic"] = new JsonObject { ["username"] = broker.Username, ["password"] = password ?? broker.Password } },
        };
        return await Session.Http.PostAsync("v1/service_brokers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    /// <summary>This repository's client in Service Manager mode, selecting the brokered offering and plan by name.</summary>
    public ServiceProvider Client(string service = "hana", string plan = "hdi-shared")
    {
        Clock.IgnoreAtOrAbove = TimeSpan.FromSeconds(20);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Platform.Emulator.ServiceManagerCredentials!)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["service"] = service, ["plan"] = plan })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddInstanceManager(configuration);
        return services.BuildServiceProvider();
    }

    public static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response) => Assert.Equal(expected, response.StatusCode);

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Platform.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
