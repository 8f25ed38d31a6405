using InstanceManager.Redis.Tests.Infrastructure;

namespace InstanceManager.Redis.Tests;

public sealed class GetAllTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Replicas_listing_at_once_download_the_list_once_and_fill_the_shared_cache(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        var tenants = Enumerable.Range(0, 10).Select(index => $"tenant-{index}").ToArray();
        await emulator.CreateTenantsAsync(tenants);
        var replicas = await Replica.StartManyAsync(8, emulator.Configuration, redis);

        var lists = await Task.WhenAll(replicas.Select(replica => replica.Client.GetAllAsync()));

        Assert.All(lists, list => Assert.Equal(tenants.Order(), list.Select(instance => instance.TenantId).Order()));
        Assert.Equal(1, emulator.Requests("GET"));

        // Every replica's cache is filled by the one download.
        foreach (var replica in replicas)
        {
            var hit = replica.Client.GetAsync("tenant-3");
            Assert.True(hit.IsCompletedSuccessfully);
            Assert.Equal("tenant-3", (await hit)!.TenantId);
        }

        Assert.Equal(1, emulator.Requests("GET"));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_create_makes_the_next_list_a_fresh_download(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await Replica.StartAsync(emulator.Configuration, redis);
        await using var second = await Replica.StartAsync(emulator.Configuration, redis);
        await first.Client.CreateAsync("tenant-1");
        Assert.Single(await first.Client.GetAllAsync());

        await first.Client.CreateAsync("tenant-2");
        var list = await second.Client.GetAllAsync();

        Assert.Equal(["tenant-1", "tenant-2"], list.Select(instance => instance.TenantId).Order());
    }
}
