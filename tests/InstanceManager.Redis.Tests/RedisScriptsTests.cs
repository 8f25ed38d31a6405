using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace InstanceManager.Redis.Tests;

/// <summary>The package's conditional writes (Lua scripts), run by the real servers.</summary>
public sealed class RedisScriptsTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Entries_are_written_only_while_the_generation_is_the_one_read_before(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        var lifetime = TimeSpan.FromSeconds(60);

        // No generation key: generation "0".
        Assert.False(await RedisScripts.SetIfGenerationAsync(database, "generation", "1", [("a", "one"u8.ToArray(), lifetime)]));
        Assert.False(await database.KeyExistsAsync("a"));
        Assert.True(await RedisScripts.SetIfGenerationAsync(database, "generation", "0", [("a", "one"u8.ToArray(), lifetime), ("b", "two"u8.ToArray(), TimeSpan.FromSeconds(5))]));
        Assert.Equal("one", await database.StringGetAsync("a"));
        Assert.Equal("two", await database.StringGetAsync("b"));
        Assert.InRange((await database.KeyTimeToLiveAsync("a"))!.Value, TimeSpan.FromSeconds(50), lifetime);
        Assert.InRange((await database.KeyTimeToLiveAsync("b"))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        await database.StringIncrementAsync("generation");
        Assert.False(await RedisScripts.SetIfGenerationAsync(database, "generation", "0", [("a", "stale"u8.ToArray(), lifetime)]));
        Assert.Equal("one", await database.StringGetAsync("a"));
        Assert.True(await RedisScripts.SetIfGenerationAsync(database, "generation", "1", [("a", "fresh"u8.ToArray(), lifetime)]));
        Assert.Equal("fresh", await database.StringGetAsync("a"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_lock_is_released_and_extended_only_with_its_holders_token(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        Assert.True(await database.LockTakeAsync("lock", "holder", TimeSpan.FromSeconds(10)));

        Assert.False(await RedisScripts.ExtendLockAsync(database, "lock", "other", TimeSpan.FromSeconds(100)));
        Assert.True(await database.KeyTimeToLiveAsync("lock") <= TimeSpan.FromSeconds(10));
        Assert.True(await RedisScripts.ExtendLockAsync(database, "lock", "holder", TimeSpan.FromSeconds(100)));
        Assert.True(await database.KeyTimeToLiveAsync("lock") > TimeSpan.FromSeconds(90));

        Assert.False(await RedisScripts.ReleaseLockAsync(database, "lock", "other"));
        Assert.Equal("holder", await database.StringGetAsync("lock"));
        Assert.True(await RedisScripts.ReleaseLockAsync(database, "lock", "holder"));
        Assert.False(await database.KeyExistsAsync("lock"));

        Assert.False(await RedisScripts.ReleaseLockAsync(database, "lock", "holder"));
        Assert.False(await RedisScripts.ExtendLockAsync(database, "lock", "holder", TimeSpan.FromSeconds(100)));
        Assert.False(await database.KeyExistsAsync("lock"));
    }
}
