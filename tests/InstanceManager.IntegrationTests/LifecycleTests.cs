using System.Text.Json.Nodes;
using InstanceManager.Emulator;

namespace InstanceManager.IntegrationTests;

/// <summary>The client against the embedded emulator, over real loopback HTTP, on a shared fake clock.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task FullLifecycle_CreateGetListDelete()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client();

        var created = await fixture.Clock.RunAsync(client.CreateAsync("tenant-1", new InstanceParameters { ProvisioningParameters = new JsonObject { ["size"] = "small" } }));

        Assert.Equal(InstanceStatus.CreationSucceeded, created.Status);
        Assert.Equal(EmulatedCredentials.For("tenant-1")["password"], created.GetCredential("password"));
        var getsBefore = fixture.Requests("GET");
        Assert.Same(created, await client.GetAsync("tenant-1"));
        Assert.Equal(getsBefore, fixture.Requests("GET"));

        var all = await client.GetAllAsync();
        Assert.Equal("tenant-1", Assert.Single(all).TenantId);

        await fixture.Clock.RunAsync(client.DeleteAsync("tenant-1"));

        Assert.Null(await client.GetAsync("tenant-1"));
        Assert.Empty(await client.GetAllAsync());
        Assert.Equal(1, fixture.Requests("POST"));
        Assert.Equal(1, fixture.Requests("DELETE"));
    }

    [Fact]
    public async Task FiftyTenantsCreatedConcurrently_AllSucceedEachPostedOnce()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client();
        var tenants = Enumerable.Range(0, 50).Select(index => $"tenant-{index:D2}").ToList();

        var instances = await fixture.Clock.RunAsync(Task.WhenAll(tenants.Select(tenant => client.CreateAsync(tenant))));

        Assert.All(instances, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        Assert.Equal(tenants, instances.Select(instance => instance.TenantId).ToList());
        Assert.All(tenants, tenant => Assert.Equal(1, fixture.Requests("POST", tenant)));
        Assert.Equal(50, (await client.GetAllAsync()).Count);
    }

    [Fact]
    public async Task TwoReplicasCreateTheSameTenant_OneSucceedsOneGets409()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var replicaA = fixture.Client();
        var replicaB = fixture.Client();

        var outcomes = await fixture.Clock.RunAsync(Task.WhenAll(CreateAsync(replicaA), CreateAsync(replicaB)));

        Assert.Equal(["409", "created"], outcomes.Order().ToArray());
        Assert.Equal(2, fixture.Requests("POST", "shared"));

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
    public async Task InjectedCreationFailure_SurfacesFailedMessage()
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "^doomed-" });
        var client = fixture.Client();

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => fixture.Clock.RunAsync(client.CreateAsync("doomed-1")));

        Assert.Equal(InstanceStatus.CreationFailed, exception.Instance!.Status);
        Assert.False(string.IsNullOrEmpty(exception.Instance!.FailedMessage));
        Assert.Contains(exception.Instance.FailedMessage!, exception.Message, StringComparison.Ordinal);
        Assert.Null(await fixture.Clock.RunAsync(client.GetAsync("other").AsTask()));
    }

    [Fact]
    public async Task InjectedDeletionFailure_SurfacesAsFailedOperation()
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new EmulatorFailures { DeletionFailurePattern = "^sticky-" });
        var client = fixture.Client();
        await fixture.Clock.RunAsync(client.CreateAsync("sticky-1"));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => fixture.Clock.RunAsync(client.DeleteAsync("sticky-1")));

        Assert.Equal(InstanceStatus.DeletionFailed, exception.Instance!.Status);
    }

    [Fact]
    public async Task Injected503s_SurfaceWithStatusCodeAfterRetries_ThenRecover()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client();
        await fixture.Clock.RunAsync(client.CreateAsync("tenant-1"));
        fixture.Emulator.Failures = new EmulatorFailures { ErrorRate = 1.0, ErrorStatusCode = 503 };
        fixture.Emulator.ClearRequestLog();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(client.GetAllAsync()));

        Assert.Equal(503, exception.StatusCode);
        Assert.Equal(4, fixture.Requests("GET"));
        fixture.Emulator.Failures = new EmulatorFailures();
        Assert.Single(await fixture.Clock.RunAsync(client.GetAllAsync()));
    }

    [Fact]
    public async Task WrongPassword_401SurfacedClearlyWithoutThePassword()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client(options => options.Password = "Wr0ng-Pa55word");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(client.GetAsync("tenant-1").AsTask()));

        Assert.Equal(401, exception.StatusCode);
        Assert.Contains("401", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-Pa55word", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTenantIds_RoundTripThroughTheEmulator()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client();
        string[] tenants = ["a/../b", "x?y#z", "ü名 space", "%2F", "..."];

        foreach (var tenant in tenants)
        {
            var created = await fixture.Clock.RunAsync(client.CreateAsync(tenant));
            Assert.Equal(tenant, created.TenantId);
        }

        var listed = (await client.GetAllAsync()).Select(instance => instance.TenantId).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(tenants.Order(StringComparer.Ordinal).ToArray(), listed);
    }
}
