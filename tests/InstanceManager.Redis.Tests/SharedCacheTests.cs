using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Redis.Tests;

public sealed class SharedCacheTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Tenants_read_by_every_replica_are_fetched_from_the_service_once(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        var tenants = Enumerable.Range(0, 20).Select(index => $"tenant-{index}").ToArray();
        await emulator.CreateTenantsAsync(tenants);
        var replicas = await Replica.StartManyAsync(4, emulator.Configuration, redis);

        foreach (var replica in replicas)
        {
            foreach (var tenant in tenants)
            {
                var instance = await replica.Client.GetAsync(tenant);
                Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
                Assert.Equal(tenant, instance.TenantId);
            }
        }

        Assert.Equal(20, emulator.Requests("GET"));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_miss_on_every_replica_at_once_is_one_service_call(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var replicas = await Replica.StartManyAsync(8, emulator.Configuration, redis);

        var instances = await Task.WhenAll(replicas.Select(replica => replica.Client.GetAsync("tenant-1").AsTask()));

        Assert.All(instances, instance => Assert.Equal("tenant-1", instance!.TenantId));
        Assert.Equal(1, emulator.GetsOf("tenant-1"));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_tenant_without_an_instance_is_asked_of_the_service_and_not_shared(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await Replica.StartAsync(emulator.Configuration, redis);
        await using var second = await Replica.StartAsync(emulator.Configuration, redis);

        Assert.Null(await first.Client.GetAsync("nobody"));
        Assert.Null(await second.Client.GetAsync("nobody"));

        Assert.Equal(2, emulator.GetsOf("nobody"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Service_Manager_replicas_share_the_cache_too(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await Replica.StartAsync(emulator.ServiceManagerConfiguration, redis);
        await using var second = await Replica.StartAsync(emulator.ServiceManagerConfiguration, redis);
        var created = await first.Client.CreateAsync("tenant-sm");
        emulator.ClearRequestLog();

        var read = await second.Client.GetAsync("tenant-sm");

        Assert.Equal(created.GetCredential("password"), read!.GetCredential("password"));
        Assert.DoesNotContain(emulator.RequestLog, request => request.Method == "GET");
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Two_bindings_sharing_one_Redis_never_see_each_others_tenants(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulatorA = await Emulators.StartAsync();
        await using var emulatorB = await Emulators.StartAsync();
        await using var replicaA = await Replica.StartAsync(emulatorA.Configuration, redis);
        await using var replicaB = await Replica.StartAsync(emulatorB.Configuration, redis);
        var createdA = await replicaA.Client.CreateAsync("shared-name");
        var createdB = await replicaB.Client.CreateAsync("shared-name");
        await using var otherA = await Replica.StartAsync(emulatorA.Configuration, redis);
        await using var otherB = await Replica.StartAsync(emulatorB.Configuration, redis);

        var readA = await otherA.Client.GetAsync("shared-name");
        var readB = await otherB.Client.GetAsync("shared-name");

        // Each emulator gives its instance an id of its own.
        Assert.NotEqual(Id(createdA), Id(createdB));
        Assert.Equal(Id(createdA), Id(readA!));
        Assert.Equal(Id(createdB), Id(readB!));
        Assert.NotEqual(replicaA.Coordinator.Keys.Prefix, replicaB.Coordinator.Keys.Prefix);

        // A hash tag of the binding: on a Redis Cluster all of one binding's keys are in one slot, as its scripts need.
        Assert.Matches("^[{]instance-manager:[0-9a-f]{16}[}]:$", replicaA.Coordinator.Keys.Prefix);
        var keys = replicaA.Coordinator.Keys;
        Assert.Single(new[] { keys.Instance("t1"), keys.Instance("t2"), keys.Generation("t1"), keys.GetLock("t1"), keys.ListGeneration, keys.List("token"), keys.LatestList, keys.ReconciliationLease }
            .Select(key => replicaA.Services.GetRequiredService<RedisConnection>().Multiplexer!.HashSlot(key))
            .Distinct());
    }

    private static string Id(ManagedInstance instance) => instance.AdditionalProperties["id"].GetString()!;
}
