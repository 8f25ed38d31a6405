using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Redis.Tests;

public sealed class RedisDownTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Redis_stopped_mid_test_every_call_works_from_the_service_and_coordination_resumes_when_it_is_back(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await Replica.StartAsync(emulator.Configuration, redis);
        await using var second = await Replica.StartAsync(emulator.Configuration, redis);
        await first.Client.CreateAsync("before");
        Assert.Equal(HealthStatus.Healthy, await RedisHealthAsync(first));

        await redis.StopAsync();

        var created = await first.Client.CreateAsync("during");
        Assert.Equal(created.GetCredential("password"), (await second.Client.GetAsync("during"))!.GetCredential("password"));
        Assert.Equal("before", (await second.Client.GetAsync("before"))!.TenantId);
        Assert.Equal(2, (await second.Client.GetAllAsync()).Count);
        await second.Client.InvalidateAsync("before");
        await first.Client.DeleteAsync("during");
        Assert.Null(await first.Client.GetAsync("during"));
        Assert.Equal(HealthStatus.Degraded, await RedisHealthAsync(first));

        var firstBack = first.Reconnected();
        var secondBack = second.Reconnected();
        await redis.StartAsync();
        await Task.WhenAll(firstBack, secondBack);

        await first.Client.CreateAsync("after");
        emulator.ClearRequestLog();
        Assert.Equal("after", (await second.Client.GetAsync("after"))!.TenantId);
        Assert.Equal(0, emulator.GetsOf("after"));
        Assert.Equal(HealthStatus.Healthy, await RedisHealthAsync(second));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_replica_started_while_Redis_is_down_works_and_joins_when_Redis_comes(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await redis.StopAsync();
        await using var emulator = await Emulators.StartAsync();
        await using var replica = Replica.Create(emulator.Configuration, options =>
        {
            options.Configuration = redis.Configuration;
            options.OperationTimeout = TimeSpan.FromSeconds(5);
        });

        var created = await replica.Client.CreateAsync("tenant-1");
        Assert.Equal("tenant-1", created.TenantId);
        Assert.Equal(HealthStatus.Degraded, await RedisHealthAsync(replica));

        await redis.StartAsync();
        await replica.Coordinator.Subscribed.WaitAsync(TimeSpan.FromSeconds(60));
        await using var other = await Replica.StartAsync(emulator.Configuration, redis);
        await replica.Client.CreateAsync("tenant-2");
        emulator.ClearRequestLog();

        Assert.Equal("tenant-2", (await other.Client.GetAsync("tenant-2"))!.TenantId);
        Assert.Equal(0, emulator.GetsOf("tenant-2"));
    }

    private static async Task<HealthStatus> RedisHealthAsync(Replica replica)
    {
        var report = await replica.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["instance-manager-redis"].Status;
    }
}
