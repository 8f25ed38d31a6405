using System.Globalization;
using StackExchange.Redis;

namespace InstanceManager.Redis.Coordination;

/// <summary>
/// The package's conditional writes, each one Lua script run atomically by the server: entries written only if a
/// generation is unchanged, and a lock released or extended only by the holder of its token.
/// </summary>
/// <remarks>
/// Scripts rather than transactions with conditions (<c>WATCH</c>/<c>MULTI</c>, which is also how StackExchange.Redis
/// implements <c>LockRelease</c> and <c>LockExtend</c>): StackExchange.Redis checks a transaction's conditions by
/// blocking the thread that writes it until their answers arrive, so a few concurrent writes block the thread pool.
/// Measured with 8 replicas reading 200 tenants on two cores (<c>… -- replicas</c>, 3 runs each): with transactions,
/// 20–40 Redis commands per run exceeded the 250 ms operation timeout (up to 251 service GETs instead of 200, a
/// deletion seen by all replicas after up to 507 ms); with these scripts, see the README's Scaling out section.
/// </remarks>
internal static class RedisScripts
{
    // KEYS[1]: the generation; KEYS[2..n]: the keys to write. ARGV[1]: the generation read before ('0': no key); then,
    // for each key to write, its value and its lifetime in milliseconds.
    private const string SetIfGeneration = """
        local current = redis.call('GET', KEYS[1])
        if current == false then current = '0' end
        if current ~= ARGV[1] then return 0 end
        for i = 2, #KEYS do
          redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'PX', ARGV[2 * i - 1])
        end
        return 1
        """;

    private const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string Extend = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    /// <summary>Writes <paramref name="entries"/> if <paramref name="generationKey"/> still holds <paramref name="generation"/>; whether it did.</summary>
    public static async Task<bool> SetIfGenerationAsync(IDatabase database, string generationKey, string generation, IReadOnlyList<(string Key, byte[] Value, TimeSpan Lifetime)> entries)
    {
        var keys = new RedisKey[entries.Count + 1];
        var values = new RedisValue[2 * entries.Count + 1];
        keys[0] = generationKey;
        values[0] = generation;
        for (var index = 0; index < entries.Count; index++)
        {
            var (key, value, lifetime) = entries[index];
            keys[index + 1] = key;
            values[2 * index + 1] = value;
            values[2 * index + 2] = Milliseconds(lifetime);
        }

        return (long)await database.ScriptEvaluateAsync(SetIfGeneration, keys, values).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes the lock if it still holds <paramref name="token"/>; whether it did.</summary>
    public static async Task<bool> ReleaseLockAsync(IDatabase database, RedisKey key, RedisValue token) =>
        (long)await database.ScriptEvaluateAsync(Release, [key], [token]).ConfigureAwait(false) == 1;

    /// <summary>Sets the lock's lifetime to <paramref name="lifetime"/> if it still holds <paramref name="token"/>; whether it did.</summary>
    public static async Task<bool> ExtendLockAsync(IDatabase database, RedisKey key, RedisValue token, TimeSpan lifetime) =>
        (long)await database.ScriptEvaluateAsync(Extend, [key], [token, Milliseconds(lifetime)]).ConfigureAwait(false) == 1;

    private static string Milliseconds(TimeSpan lifetime) => ((long)lifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
