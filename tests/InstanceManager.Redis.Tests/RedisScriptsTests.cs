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
        Assert.False(await RedisScripts.SetIfGenerationAsync(database, "{t}generation", "1", [("{t}a", "one"u8.ToArray(), lifetime)]));
        Assert.False(await database.KeyExistsAsync("{t}a"));
        Assert.True(await RedisScripts.SetIfGenerationAsync(database, "{t}generation", "0", [("{t}a", "one"u8.ToArray(), lifetime), ("{t}b", "two"u8.ToArray(), TimeSpan.FromSeconds(5))]));
        Assert.Equal("one", await database.StringGetAsync("{t}a"));
        Assert.Equal("two", await database.StringGetAsync("{t}b"));
        Assert.InRange((await database.KeyTimeToLiveAsync("{t}a"))!.Value, TimeSpan.FromSeconds(50), lifetime);
        Assert.InRange((await database.KeyTimeToLiveAsync("{t}b"))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        await database.StringIncrementAsync("{t}generation");
        Assert.False(await RedisScripts.SetIfGenerationAsync(database, "{t}generation", "0", [("{t}a", "stale"u8.ToArray(), lifetime)]));
        Assert.Equal("one", await database.StringGetAsync("{t}a"));
        Assert.True(await RedisScripts.SetIfGenerationAsync(database, "{t}generation", "1", [("{t}a", "fresh"u8.ToArray(), lifetime)]));
        Assert.Equal("fresh", await database.StringGetAsync("{t}a"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_lock_is_released_and_extended_only_with_its_holders_token(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        Assert.True(await database.LockTakeAsync("{t}lock", "holder", TimeSpan.FromSeconds(10)));

        Assert.False(await RedisScripts.ExtendLockAsync(database, "{t}lock", "other", TimeSpan.FromSeconds(100)));
        Assert.True(await database.KeyTimeToLiveAsync("{t}lock") <= TimeSpan.FromSeconds(10));
        Assert.True(await RedisScripts.ExtendLockAsync(database, "{t}lock", "holder", TimeSpan.FromSeconds(100)));
        Assert.True(await database.KeyTimeToLiveAsync("{t}lock") > TimeSpan.FromSeconds(90));

        Assert.False(await RedisScripts.ReleaseLockAsync(database, "{t}lock", "other"));
        Assert.Equal("holder", await database.StringGetAsync("{t}lock"));
        Assert.True(await RedisScripts.ReleaseLockAsync(database, "{t}lock", "holder"));
        Assert.False(await database.KeyExistsAsync("{t}lock"));

        Assert.False(await RedisScripts.ReleaseLockAsync(database, "{t}lock", "holder"));
        Assert.False(await RedisScripts.ExtendLockAsync(database, "{t}lock", "holder", TimeSpan.FromSeconds(100)));
        Assert.False(await database.KeyExistsAsync("{t}lock"));
    }
}
