using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Redis.Tests;

/// <summary>
/// A read of a tenant that began before the tenant was deleted and ends after the deletion was announced: its answer
/// (the deleted instance) must neither become the shared entry nor stay in any replica's in-process cache.
/// </summary>
public sealed class InvalidationRaceTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_get_in_flight_when_the_tenant_is_deleted_neither_shares_nor_keeps_the_deleted_instance(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var gate = ResponseGate.GetOf("tenant-1");
        await using var reader = await Replica.StartAsync(emulator.Configuration, redis, handler: gate);
        await using var deleter = await Replica.StartAsync(emulator.Configuration, redis);
        await using var other = await Replica.StartAsync(emulator.Configuration, redis);

        // The reader misses, takes the tenant's lock and asks the service, which answers with the instance; the
        // answer is held on its way back while the tenant is deleted through another replica.
        var read = reader.Client.GetAsync("tenant-1").AsTask();
        await gate.Answered;
        var announced = reader.InvalidationOf("tenant-1");
        await deleter.Client.DeleteAsync("tenant-1");
        await announced;
        gate.Release();
        Assert.NotNull(await read);

        // Nothing of the deleted instance is left: not in Redis, not on the reader, not on the others.
        var database = reader.Services.GetRequiredService<RedisConnection>().Database!;
        Assert.False(await database.KeyExistsAsync(reader.Coordinator.Keys.Instance("tenant-1")));
        Assert.Null(await reader.Client.GetAsync("tenant-1"));
        Assert.Null(await other.Client.GetAsync("tenant-1"));
        Assert.Null(await deleter.Client.GetAsync("tenant-1"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_replica_that_waits_after_the_deletion_for_a_read_begun_before_it_does_not_take_its_answer(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var gate = ResponseGate.GetOf("tenant-1");
        await using var reader = await Replica.StartAsync(emulator.Configuration, redis, handler: gate);
        await using var waiter = await Replica.StartAsync(emulator.Configuration, redis);
        await using var deleter = await Replica.StartAsync(emulator.Configuration, redis);

        // The reader holds the tenant's lock with an answer from before the deletion (as a slow replica, or one whose
        // release of the lock was lost, would).
        var read = reader.Client.GetAsync("tenant-1").AsTask();
        await gate.Answered;
        var announced = waiter.InvalidationOf("tenant-1");
        await deleter.Client.DeleteAsync("tenant-1");
        await announced;

        // A get after the deletion finds that lock and waits for the reader's answer, which predates the deletion.
        emulator.ClearRequestLog();
        var waited = waiter.Client.GetAsync("tenant-1").AsTask();
        gate.Release();
        await read;

        Assert.Null(await waited);
        Assert.Equal(1, emulator.GetsOf("tenant-1"));
        Assert.Null(await waiter.Client.GetAsync("tenant-1"));
        Assert.Null(await reader.Client.GetAsync("tenant-1"));
    }

    [Fact]
    public async Task Without_Redis_a_get_in_flight_when_the_tenant_is_deleted_does_not_keep_the_deleted_instance()
    {
        await using var emulator = await Emulators.StartAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var gate = ResponseGate.GetOf("tenant-1");
        var services = new ServiceCollection();
        services.AddInstanceManager(emulator.Configuration).HttpClientBuilder.AddHttpMessageHandler(() => gate);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var read = client.GetAsync("tenant-1").AsTask();
        await gate.Answered;
        await client.DeleteAsync("tenant-1");
        gate.Release();
        Assert.NotNull(await read);

        emulator.ClearRequestLog();
        Assert.Null(await client.GetAsync("tenant-1"));
        Assert.Equal(1, emulator.GetsOf("tenant-1"));
    }
}
