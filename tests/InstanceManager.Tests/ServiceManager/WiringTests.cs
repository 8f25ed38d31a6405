using InstanceManager.Backends;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.ServiceManager;

public sealed class WiringTests
{
    [Fact]
    public async Task AddInstanceManager_FromCredentialsWithSmUrl_UsesTheServiceManager()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));
        var credentials = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["sm_url"] = sm.Server.Url,
            ["url"] = sm.Server.Url,
            ["clientid"] = SmServer.ClientId,
            ["clientsecret"] = SmServer.ClientSecret,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(credentials);
        await using var provider = services.BuildServiceProvider();

        var all = await provider.GetRequiredService<IInstanceManagerClient>().GetAllAsync();

        Assert.Equal("service-manager", provider.GetRequiredService<IInstanceBackend>().Name);
        Assert.Equal("t1", Assert.Single(all).TenantId);
        var list = Assert.Single(sm.Requests("GET", "/v1/service_bindings")).RequestMessage;
        Assert.Equal("instance-manager-client-lib-dotnet", list.Headers!["client-name"][0]);
        Assert.True(list.Headers.ContainsKey("client-version"));
    }

    [Fact]
    public void AddInstanceManager_WithInstanceManagerKeysOnly_UsesTheInstanceManager()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, "https://im.example"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("instance-manager", provider.GetRequiredService<IInstanceBackend>().Name);
    }

    [Fact]
    public async Task Factory_WithServiceManagerOptions_CreatesAWorkingClient()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        using var client = InstanceManagerClientFactory.Create(options =>
            options.ServiceManager = new ServiceManagerOptions { SmUrl = sm.Server.Url, Url = sm.Server.Url, ClientId = SmServer.ClientId, ClientSecret = SmServer.ClientSecret });

        Assert.Null(await client.GetAsync("t1"));
        Assert.Equal(1, sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public void PlainHttpToAnotherHost_IsWarnedAbout_WithoutTheSecret()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddInstanceManager(options => options.ServiceManager = new ServiceManagerOptions
        {
            SmUrl = "https://sm.example",
            Url = "http://uaa.example",
            ClientId = SmServer.ClientId,
            ClientSecret = SmServer.ClientSecret,
        });
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<ServiceManagerTokenProvider>();

        var warning = Assert.Single(logs.Entries, entry => entry.EventId.Id == 18);
        Assert.Contains("uaa.example", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, warning.Text, StringComparison.Ordinal);
    }
}
