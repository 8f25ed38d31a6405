using InstanceManager.Redis.Tests.Infrastructure;

namespace InstanceManager.Redis.Tests;

public sealed class InvalidationTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_tenant_deleted_through_one_replica_is_dropped_by_the_others(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var replicas = await Replica.StartManyAsync(3, emulator.Configuration, redis);
        foreach (var replica in replicas)
        {
            Assert.NotNull(await replica.Client.GetAsync("tenant-1"));
        }

        var seen = replicas[1..].Select(replica => replica.InvalidationOf("tenant-1")).ToArray();
        await replicas[0].Client.DeleteAsync("tenant-1");
        await Task.WhenAll(seen);
        emulator.ClearRequestLog();

        foreach (var replica in replicas[1..])
        {
            Assert.Null(await replica.Client.GetAsync("tenant-1"));
        }

        Assert.Equal(2, emulator.GetsOf("tenant-1"));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task InvalidateAsync_makes_every_replica_read_the_tenant_again(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        await using var first = await Replica.StartAsync(emulator.Configuration, redis);
        await using var second = await Replica.StartAsync(emulator.Configuration, redis);
        await first.Client.GetAsync("tenant-1");
        await second.Client.GetAsync("tenant-1");
        Assert.Equal(1, emulator.GetsOf("tenant-1"));

        var seen = second.InvalidationOf("tenant-1");
        await first.Client.InvalidateAsync("tenant-1");
        await seen;
        await first.Client.GetAsync("tenant-1");
        await second.Client.GetAsync("tenant-1");

        // The shared entry went too: one new read from the service, shared by both.
        Assert.Equal(2, emulator.GetsOf("tenant-1"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_tenant_created_again_replaces_the_copies_the_other_replicas_hold(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await Replica.StartAsync(emulator.Configuration, redis);
        await using var second = await Replica.StartAsync(emulator.Configuration, redis);
        var old = await first.Client.CreateAsync("tenant-1");
        Assert.Equal(Id(old), Id((await second.Client.GetAsync("tenant-1"))!));

        // Offboarded and subscribed again through the first replica.
        await first.Client.DeleteAsync("tenant-1");
        var seen = second.InvalidationOf("tenant-1");
        var recreated = await first.Client.CreateAsync("tenant-1");
        await seen;

        Assert.NotEqual(Id(old), Id(recreated));
        Assert.Equal(Id(recreated), Id((await second.Client.GetAsync("tenant-1"))!));
    }

    [Fact]
    public async Task InvalidateAsync_without_Redis_makes_the_next_get_ask_the_service()
    {
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        using var client = InstanceManagerClientFactory.Create(options =>
        {
            options.User = emulator.Credentials["user"];
            options.Password = emulator.Credentials["password"];
            options.PostManagedInstanceUrl = emulator.Credentials["post_managed_instance_url"];
            options.GetManagedInstanceUrl = emulator.Credentials["get_managed_instance_url"];
            options.GetAllManagedInstancesUrl = emulator.Credentials["get_all_managed_instances_url"];
            options.DeleteManagedInstanceUrl = emulator.Credentials["delete_managed_instance_url"];
        });
        await client.GetAsync("tenant-1");
        await client.GetAsync("tenant-1");
        Assert.Equal(1, emulator.GetsOf("tenant-1"));

        await client.InvalidateAsync(" tenant-1 ");
        await client.GetAsync("tenant-1");

        Assert.Equal(2, emulator.GetsOf("tenant-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.InvalidateAsync(" "));
    }

    private static string Id(ManagedInstance instance) => instance.AdditionalProperties["id"].GetString()!;
}
