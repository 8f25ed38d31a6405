using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Emulator.Tests;

/// <summary>Instances and bindings of a registered broker's plans: forwarded to it, with its outcome in the Service Manager's operations.</summary>
public sealed class ServiceBrokerForwardingTests
{
    [Fact]
    public async Task Client_CreateGetDelete_EachTenantProvisionedBoundUnboundDeprovisionedOnceOnTheBroker()
    {
        await using var setup = await BrokeredServiceManager.StartAsync();
        await using var provider = setup.Client();
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var created = await setup.Clock.RunAsync(client.CreateAsync("tenant-1"));
        await setup.Clock.RunAsync(client.CreateAsync("tenant-2"));
        var all = await setup.Clock.RunAsync(client.GetAllAsync());
        await setup.Clock.RunAsync(client.DeleteAsync("tenant-1"));
        await setup.Clock.RunAsync(client.DeleteAsync("tenant-2"));

        Assert.Equal(InstanceStatus.CreationSucceeded, created.Status);
        Assert.Equal(EmulatedCredentials.For("tenant-1")["password"], created.GetCredential("password"));
        Assert.Equal(["tenant-1", "tenant-2"], all.Select(instance => instance.TenantId).Order());
        foreach (var tenant in (string[])["tenant-1", "tenant-2"])
        {
            var requests = setup.BrokerRequests.Where(request => request.TenantId == tenant).ToList();
            Assert.Single(requests, request => request.Method == "PUT" && !request.Path.Contains("/service_bindings/", StringComparison.Ordinal));
            Assert.Single(requests, request => request.Method == "PUT" && request.Path.Contains("/service_bindings/", StringComparison.Ordinal));
            Assert.Single(requests, request => request.Method == "DELETE" && request.Path.Contains("/service_bindings/", StringComparison.Ordinal));
            Assert.Single(requests, request => request.Method == "DELETE" && !request.Path.Contains("/service_bindings/", StringComparison.Ordinal));
        }

        Assert.All(setup.BrokerRequests, request => Assert.True(request.StatusCode < 400, $"{request.Method} {request.Path} {request.StatusCode}"));
        Assert.Null(await setup.Clock.RunAsync(client.GetAsync("tenant-1").AsTask()));
    }

    [Fact]
    public async Task CreateInstance_ForwardsTheIdsContextPlaceholdersAndParameters_AndPollsUntilTheBrokerIsDone()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.OpenServiceBroker.OperationDelay = TimeSpan.FromSeconds(3));
        var sm = setup.Session;

        using var accepted = await sm.CreateInstanceAsync("instance-t1", "t1", await sm.PlanIdAsync(), extra: ""","parameters":{"size":2}""");
        var id = ServiceManagerSession.ResourceIdOf(accepted);
        Assert.Equal("in progress", (string?)(await sm.OperationAsync(accepted))["state"]);
        await setup.Clock.EndNextWaitAsync();
        await setup.Clock.EndNextWaitAsync();
        var polled = await WaitForStateAsync(setup, accepted);

        Assert.Equal("succeeded", (string?)polled["state"]);
        Assert.True((bool)(await sm.JsonAsync($"v1/service_instances/{id}"))["ready"]!);
        using var broker = new OpenServiceBrokerClient(setup.Broker.Emulator);
        var provisioned = await OpenServiceBrokerClient.JsonAsync(await broker.Http.GetAsync($"v2/service_instances/{id}"));
        Assert.Equal(2, (int)provisioned["parameters"]!["size"]!);
        var (serviceId, planIds) = await broker.HanaAsync();
        Assert.Equal(serviceId, (string?)provisioned["service_id"]);
        Assert.Equal(planIds[0], (string?)provisioned["plan_id"]);
        Assert.Contains(setup.BrokerRequests, request => request is { Method: "PUT", TenantId: "t1", StatusCode: 202 } && request.Path == $"/osb/v2/service_instances/{id}?accepts_incomplete=true");
        Assert.Contains(setup.BrokerRequests, request => request.Path.StartsWith($"/osb/v2/service_instances/{id}/last_operation?service_id={serviceId}&plan_id={planIds[0]}&operation=", StringComparison.Ordinal));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], setup.Clock.Waits);
    }

    [Fact]
    public async Task SynchronousCreate_WaitsForTheBroker_201WithTheBrokersCredentials()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.OpenServiceBroker.OperationDelay = TimeSpan.Zero, PollAtOnce);
        var sm = setup.Session;

        using var created = await sm.CreateInstanceAsync("instance-t1", "t1", await sm.PlanIdAsync(), async: false);
        var instanceId = (string)(await EmulatorHarness.JsonAsync(created))["id"]!;
        using var bound = await sm.CreateBindingAsync(instanceId, "t1", async: false);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        var binding = await EmulatorHarness.JsonAsync(bound);
        Assert.Equal(EmulatedCredentials.For("t1")["schema"], (string?)binding["credentials"]!["schema"]);
        Assert.Equal("succeeded", (string?)binding["last_operation"]!["state"]);
    }

    [Fact]
    public async Task BrokerReportsFailed_TheOperationFailsWithItsDescription()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.Failures.CreationFailurePattern = "^doomed$");
        var sm = setup.Session;

        using var accepted = await sm.CreateInstanceAsync("instance-doomed", "doomed", await sm.PlanIdAsync());
        await setup.Clock.EndNextWaitAsync();
        var failed = await WaitForStateAsync(setup, accepted);

        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Equal("BrokerError", (string?)failed["errors"]!["error"]);
        Assert.Contains("reports the provision failed: Emulated provisioning failure for tenant 'doomed'", (string?)failed["errors"]!["description"], StringComparison.Ordinal);
        Assert.False((bool)(await sm.JsonAsync($"v1/service_instances/{ServiceManagerSession.ResourceIdOf(accepted)}"))["ready"]!);
    }

    [Fact]
    public async Task BrokerAnswers500_TheOperationFailsWithTheStatusAndDescription_AndTheClientSaysSo()
    {
        await using var setup = await BrokeredServiceManager.StartAsync();
        setup.Broker.Emulator.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 500 };
        await using var provider = setup.Client();
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => setup.Clock.RunAsync(client.CreateAsync("t1")));

        Assert.Contains("failed the provision with status 500: The emulator was told to fail this request.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerUnreachable_SynchronousCreateIs502BrokerError()
    {
        await using var setup = await BrokeredServiceManager.StartAsync();
        var sm = setup.Session;
        var planId = await sm.PlanIdAsync();
        await setup.Broker.Emulator.DisposeAsync();

        using var created = await sm.CreateInstanceAsync("instance-t1", "t1", planId, async: false);

        Assert.Equal(HttpStatusCode.BadGateway, created.StatusCode);
        var error = await EmulatorHarness.JsonAsync(created);
        Assert.Equal("BrokerError", (string?)error["error"]);
        Assert.Contains("could not be reached", (string?)error["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerNeverFinishes_TheOperationFailsOnceThePollingTimeoutHasPassed()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(
            broker => broker.OpenServiceBroker.OperationDelay = TimeSpan.FromHours(1),
            platform => platform.ServiceManager.BrokerPollingTimeout = TimeSpan.FromSeconds(30));
        var sm = setup.Session;
        setup.Clock.IgnoreAtOrAbove = TimeSpan.FromHours(2);

        using var accepted = await sm.CreateInstanceAsync("instance-t1", "t1", await sm.PlanIdAsync());
        var waited = await setup.Clock.EndNextWaitAsync();
        var secondWait = await setup.Clock.EndNextWaitAsync();
        var failed = await WaitForStateAsync(setup, accepted);

        Assert.Equal(TimeSpan.FromSeconds(1), waited);
        Assert.Equal(TimeSpan.FromSeconds(29), secondWait); // the broker's Retry-After (3,599 s), cut at the deadline
        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Contains("did not finish the provision within 30 s", (string?)failed["errors"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerRefusesTheBind_TheClientRollsBack_AndTheBrokerDeprovisions()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.Failures.BindingFailurePattern = "^t1$");
        await using var provider = setup.Client();
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => setup.Clock.RunAsync(client.CreateAsync("t1")));

        Assert.Contains("failed the bind with status 500: Emulated binding failure for tenant 't1'", exception.Message, StringComparison.Ordinal);
        var requests = setup.BrokerRequests.Where(request => request.TenantId == "t1").ToList();
        Assert.Single(requests, request => request is { Method: "PUT", StatusCode: 500 });
        Assert.Single(requests, request => request is { Method: "DELETE", StatusCode: 202 } && !request.Path.Contains("/service_bindings/", StringComparison.Ordinal));
        Assert.Equal(0, (int)(await setup.Session.PageAsync("service_instances"))["num_items"]!);
    }

    [Fact]
    public async Task DeleteBroker_WhileAnInstanceUsesItsPlans_Is409ExistingReferenceEntity()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.OpenServiceBroker.OperationDelay = TimeSpan.Zero, PollAtOnce);
        var sm = setup.Session;
        (await sm.CreateInstanceAsync("instance-t1", "t1", await sm.PlanIdAsync(), async: false)).Dispose();
        var brokerId = (string)(await sm.PageAsync("service_brokers"))["items"]![0]!["id"]!;

        using var refused = await sm.Http.DeleteAsync($"v1/service_brokers/{brokerId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("ExistingReferenceEntity", (string?)(await EmulatorHarness.JsonAsync(refused))["error"]);
    }

    [Fact]
    public async Task DeleteInstance_GoneAtTheBroker_CountsAsDeleted()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(broker => broker.OpenServiceBroker.OperationDelay = TimeSpan.Zero, PollAtOnce);
        var sm = setup.Session;
        using var created = await sm.CreateInstanceAsync("instance-t1", "t1", await sm.PlanIdAsync(), async: false);
        var instanceId = (string)(await EmulatorHarness.JsonAsync(created))["id"]!;
        await setup.Broker.Http.DeleteAsync("emulator/instances");

        using var deleted = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains(setup.BrokerRequests, request => request is { Method: "DELETE", StatusCode: 410 });
        using var gone = await sm.Http.GetAsync($"v1/service_instances/{instanceId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>Without waits between polls, a synchronous request to the Service Manager ends without moving the fake clock.</summary>
    private static void PollAtOnce(InstanceManagerEmulatorOptions options) => options.ServiceManager.BrokerPollingInterval = TimeSpan.Zero;

    /// <summary>The operation once it ended: the forwarding runs in the background, so its end is awaited (bounded).</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForStateAsync(BrokeredServiceManager setup, HttpResponseMessage accepted)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var operation = await setup.Session.OperationAsync(accepted);
            if ((string?)operation["state"] != "in progress")
            {
                return operation;
            }

            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
