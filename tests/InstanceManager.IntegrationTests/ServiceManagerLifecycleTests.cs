using System.Text.Json.Nodes;
using InstanceManager.Emulator;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.IntegrationTests;

/// <summary>The client in Service Manager mode against the embedded emulator, over real loopback HTTP, on a shared fake clock.</summary>
public sealed class ServiceManagerLifecycleTests
{
    [Fact]
    public async Task FullLifecycle_CreateGetListDelete()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.ServiceManagerClient();

        var created = await fixture.Clock.RunAsync(client.CreateAsync("tenant-1", new InstanceParameters { ProvisioningParameters = new JsonObject { ["size"] = "small" } }));

        Assert.Equal(InstanceStatus.CreationSucceeded, created.Status);
        Assert.Equal(EmulatedCredentials.For("tenant-1")["password"], created.GetCredential("password"));
        var requestsBefore = fixture.Emulator.RequestLog.Count;
        Assert.Same(created, await client.GetAsync("tenant-1"));
        Assert.Equal(requestsBefore, fixture.Emulator.RequestLog.Count);

        Assert.Equal("tenant-1", Assert.Single(await fixture.Clock.RunAsync(client.GetAllAsync())).TenantId);
        await fixture.Clock.RunAsync(client.DeleteAsync("tenant-1"));

        Assert.Null(await fixture.Clock.RunAsync(client.GetAsync("tenant-1").AsTask()));
        Assert.Empty(await fixture.Clock.RunAsync(client.GetAllAsync()));
        Assert.Equal(1, fixture.ServiceManagerRequests("POST", "/v1/service_instances"));
        Assert.Equal(1, fixture.ServiceManagerRequests("POST", "/v1/service_bindings"));
        Assert.Equal(1, fixture.ServiceManagerRequests("POST", "/oauth/token"));
        Assert.DoesNotContain(fixture.Emulator.RequestLog, request => request.StatusCode >= 400 && request.Method != "GET");
    }

    [Fact]
    public async Task TwentyTenantsCreatedConcurrently_AllSucceed_AndAreListedAcrossPages()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.ServiceManagerClient();
        var tenants = Enumerable.Range(0, 20).Select(index => $"tenant-{index:D2}").ToList();

        var instances = await fixture.Clock.RunAsync(Task.WhenAll(tenants.Select(tenant => client.CreateAsync(tenant))));
        var all = await fixture.Clock.RunAsync(client.GetAllAsync());

        Assert.All(instances, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        Assert.Equal(tenants, all.Select(instance => instance.TenantId).Order(StringComparer.Ordinal));
        Assert.Equal(20, fixture.ServiceManagerRequests("POST", "/v1/service_instances"));
        // The emulator pages by 4: the list of 20 bindings took 5 requests.
        Assert.Equal(4, fixture.Emulator.RequestLog.Count(request => request.Path.StartsWith("/v1/service_bindings?", StringComparison.Ordinal) && request.Path.Contains("&token=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TwoReplicasCreateTheSameTenant_OneSucceedsOneGets409()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var replicaA = fixture.ServiceManagerClient();
        var replicaB = fixture.ServiceManagerClient();

        var outcomes = await fixture.Clock.RunAsync(Task.WhenAll(CreateAsync(replicaA), CreateAsync(replicaB)));

        Assert.Equal(["409", "created"], outcomes.Order(StringComparer.Ordinal).ToArray());

        static async Task<string> CreateAsync(IInstanceManagerClient client)
        {
            try
            {
                await client.CreateAsync("shared");
                return "created";
            }
            catch (InstanceManagerException exception)
            {
                return exception.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? exception.Message;
            }
        }
    }

    [Fact]
    public async Task AnExpiredToken_IsRenewedOnce_AndTheCallSucceeds()
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.ServiceManager.TokenLifetime = TimeSpan.FromMinutes(10));
        var client = fixture.ServiceManagerClient();
        Assert.Null(await fixture.Clock.RunAsync(client.GetAsync("t1").AsTask()));

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(await fixture.Clock.RunAsync(client.GetAsync("t2").AsTask()));

        Assert.Equal(2, fixture.ServiceManagerRequests("POST", "/oauth/token"));
        Assert.DoesNotContain(fixture.Emulator.RequestLog, request => request.StatusCode == 401);
    }

    [Fact]
    public async Task AReadyInstanceWithoutBinding_GetsOneOnGet()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var services = fixture.ServiceManagerServices();
        var client = services.GetRequiredService<IInstanceManagerClient>();
        await fixture.Clock.RunAsync(client.CreateAsync("t1"));
        var sm = services.GetRequiredService<ServiceManagerClient>();
        var binding = Assert.Single(await ListAsync(sm.Bindings.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", "t1"))));
        await fixture.Clock.RunAsync(sm.Bindings.DeleteAsync(binding.Id));

        var other = fixture.ServiceManagerClient();
        var instance = await fixture.Clock.RunAsync(other.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(EmulatedCredentials.For("t1")["schema"], instance.GetCredential("schema"));
        Assert.NotEqual(binding.Id, Assert.Single(await ListAsync(sm.Bindings.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", "t1")))).Id);
    }

    [Fact]
    public async Task LowLevelClient_ListsTheCatalog_AndCreatesAndDeletesAnInstance()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var sm = fixture.ServiceManagerServices().GetRequiredService<ServiceManagerClient>();

        var offering = Assert.Single(await ListAsync(sm.Offerings.ListAsync(ServiceManagerQuery.Empty.WhereField("catalog_name", "hana"))));
        var plan = Assert.Single(await ListAsync(sm.Plans.ListAsync(ServiceManagerQuery.Empty.WhereField("catalog_name", "schema").WhereField("service_offering_id", offering.Id))));
        var operation = await fixture.Clock.RunAsync(sm.Instances.CreateAsync("my-schema", plan.Id, new Dictionary<string, IReadOnlyList<string>> { ["team"] = ["payments"] }));
        var instance = await sm.Instances.GetAsync(operation.ResourceId!);
        var labelled = await ListAsync(sm.Instances.ListAsync(ServiceManagerQuery.Empty.WhereLabel("team", "payments")));
        await fixture.Clock.RunAsync(sm.Instances.DeleteAsync(instance!.Id));

        Assert.True(operation.Succeeded);
        Assert.True(instance.Ready);
        Assert.Equal("my-schema", instance.Name);
        Assert.Equal(instance.Id, Assert.Single(labelled).Id);
        Assert.Null(await sm.Instances.GetAsync(instance.Id));
    }

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
