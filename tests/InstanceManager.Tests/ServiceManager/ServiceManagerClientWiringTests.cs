using System.Runtime.CompilerServices;
using System.Text.Json;
using InstanceManager.ServiceManagement;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

public sealed class ServiceManagerClientWiringTests
{
    [Fact]
    public async Task AddInstanceManager_RegistersOneClient_SharingTheTokenWithThePerTenantClient()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));

        var client = sm.Services.GetRequiredService<ServiceManagerClient>();
        var offerings = new List<ServiceOffering>();
        await foreach (var offering in client.Offerings.ListAsync())
        {
            offerings.Add(offering);
        }

        var all = await sm.Client.GetAllAsync();

        Assert.Same(client, sm.Services.GetRequiredService<ServiceManagerClient>());
        Assert.Equal(SmServer.OfferingId, Assert.Single(offerings).Id);
        Assert.Equal("t1", Assert.Single(all).TenantId);
        Assert.Equal(1, sm.Count("POST", SmServer.TokenPath));
        Assert.All(sm.Server.LogEntries.Where(entry => entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal)), entry =>
        {
            Assert.Equal("Bearer " + SmServer.Token, entry.RequestMessage.Headers!["Authorization"][0]);
            Assert.Equal("instance-manager-client-lib-dotnet", entry.RequestMessage.Headers["client-name"][0]);
        });
    }

    [Fact]
    public void Resolving_WithoutServiceManagerCredentials_Throws()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, "https://im.example"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ServiceManagerClient>());

        Assert.Contains("Service Manager credentials are not configured", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestDoubles_CanReplaceTheManagers_AndBuildModelsInCode()
    {
        ServiceManagerClient client = new FakeServiceManagerClient();

        var names = new List<string?>();
        await foreach (var instance in client.Instances.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", "t1")))
        {
            names.Add(instance.Name);
        }

        Assert.Equal(["fake-instance"], names);
    }

    [Fact]
    public void ServiceBindingToString_NamesTheCredentialKeys_ButNoValues()
    {
        var binding = JsonSerializer.Deserialize<ServiceBinding>(SmServer.Binding("b1", "t1", "inst-1").ToJsonString())!;

        var text = binding.ToString();

        Assert.Equal("ServiceBinding { Id = b1, Name = binding-b1, ServiceInstanceId = inst-1, Ready = True, Credentials = [host, schema, password] (values hidden) }", text);
        Assert.DoesNotContain(InstanceJson.InstancePassword, text, StringComparison.Ordinal);
        Assert.Equal(InstanceJson.InstancePassword, binding.Credentials!.Value.GetProperty("password").GetString());
    }

    [Fact]
    public async Task TokensAndCredentials_ReachNeitherMessagesNorLogs()
    {
        using var sm = new SmServer(catalog: false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));
        sm.Answer("GET", "/v1/service_bindings/b1", 401, """{"error":"Unauthorized","description":"token expired"}""");

        await foreach (var _ in sm.ServiceManager.Bindings.ListAsync())
        {
        }

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.ServiceManager.Bindings.GetAsync("b1"));

        Assert.Equal(401, exception.StatusCode);
        Assert.Equal(2, sm.Count("GET", "/v1/service_bindings/b1"));
        var texts = sm.Logs.Entries.Select(entry => entry.Text).Append(exception.Message).Append(exception.ToString()).ToList();
        foreach (var secret in new[] { SmServer.Token, SmServer.ClientSecret, InstanceJson.InstancePassword })
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    private sealed class FakeServiceManagerClient : ServiceManagerClient
    {
        public override ServiceInstanceManager Instances { get; } = new FakeInstances();
    }

    private sealed class FakeInstances : ServiceInstanceManager
    {
        public override async IAsyncEnumerable<ServiceInstance> ListAsync(ServiceManagerQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (query?.LabelQuery == "tenant_id eq 't1'")
            {
                yield return new ServiceInstance { Id = "i1", Name = "fake-instance", Ready = true, Labels = new Dictionary<string, IReadOnlyList<string>> { ["tenant_id"] = ["t1"] } };
            }
        }
    }
}
