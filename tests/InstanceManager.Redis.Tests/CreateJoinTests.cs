using InstanceManager.Redis.Tests.Infrastructure;

namespace InstanceManager.Redis.Tests;

public sealed class CreateJoinTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task The_same_create_on_every_replica_at_once_is_one_POST_and_every_caller_gets_the_instance(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync(provisioning: TimeSpan.FromMilliseconds(300));
        var replicas = await Replica.StartManyAsync(8, emulator.Configuration, redis);

        var created = await Task.WhenAll(replicas.Select(replica => replica.Client.CreateAsync("tenant-1")));

        Assert.All(created, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        Assert.Single(created.Select(instance => instance.GetCredential("password")).Distinct());
        Assert.Equal(1, emulator.Requests("POST"));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_create_of_a_tenant_that_existed_before_still_gets_409_on_every_replica(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var replicas = await Replica.StartManyAsync(3, emulator.Configuration, redis);

        var outcomes = await Task.WhenAll(replicas.Select(async replica => await Record.ExceptionAsync(() => replica.Client.CreateAsync("tenant-1"))));

        Assert.All(outcomes, outcome => Assert.Equal(409, Assert.IsType<InstanceManagerException>(outcome).StatusCode));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }
}
