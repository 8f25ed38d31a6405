using System.Diagnostics;
using System.Globalization;
using Garnet;
using InstanceManager.Emulator;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// What InstanceManager.Redis needs of a Redis library, measured three ways against one Redis: StackExchange.Redis
/// directly, FusionCache (Redis distributed cache and backplane), HybridCache (Redis distributed cache). The cost of
/// reading one entry from Redis (the second level, the first bypassed), of an invalidation reaching another node, and
/// of a first-level hit. Benchmark-only references: none of these libraries is a dependency of the package.
/// </summary>
internal static class RedisLibsCommand
{
    private const int Reads = 2_000;
    private const int Invalidations = 300;
    private const int Hits = 2_000_000;

    // About the size of a cached instance with its credentials, as JSON.
    private static readonly string Payload = "{\"tenant_id\":\"tenant-000\",\"status\":\"CREATION_SUCCEEDED\",\"credentials\":{" + string.Join(',', Enumerable.Range(0, 12).Select(index => $"\"key{index}\":\"{new string('x', 40)}\"")) + "}}";

    public static async Task RunAsync(string[] args)
    {
        var redisArgument = Array.IndexOf(args, "--redis") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        GarnetServer? garnet = null;
        var redis = redisArgument;
        if (redis is null)
        {
            var port = FreePort();
            garnet = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"]);
            garnet.Start();
            redis = $"127.0.0.1:{port}";
        }

        try
        {
            Console.WriteLine($"Payload {Payload.Length} characters; Redis: {(redisArgument is null ? "embedded Garnet" : redisArgument)}; {Reads} reads, {Invalidations} invalidations, {Hits:N0} hits each.");
            var direct = await DirectAsync(redis);
            var fusion = await FusionAsync(redis);
            var hybrid = await HybridAsync(redis);
            Console.WriteLine();
            Console.WriteLine("| | StackExchange.Redis directly | FusionCache 2.9 + Redis backplane | HybridCache 10 + Redis |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| L2 read of one entry (median, p99) | {direct.Read} | {fusion.Read} | {hybrid.Read} |");
            Console.WriteLine($"| invalidation seen by another node (median, p99) | {direct.Invalidation} | {fusion.Invalidation} | {hybrid.Invalidation} |");
            Console.WriteLine($"| L1 hit (mean, allocated) | {direct.Hit} | {fusion.Hit} | {hybrid.Hit} |");
        }
        finally
        {
            garnet?.Dispose();
        }
    }

    private static async Task<Result> DirectAsync(string redis)
    {
        await using var a = await ConnectionMultiplexer.ConnectAsync(redis);
        await using var b = await ConnectionMultiplexer.ConnectAsync(redis);
        var database = a.GetDatabase();
        await database.StringSetAsync("direct:entry", Payload);
        var read = await TimeAsync(Reads, async index => _ = (string?)await database.StringGetAsync("direct:entry"));

        var channel = RedisChannel.Literal("direct:invalidations");
        TaskCompletionSource<string> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await b.GetSubscriber().SubscribeAsync(channel, (_, message) => Volatile.Read(ref seen).TrySetResult(message!));
        var invalidation = await TimeAsync(Invalidations, async index =>
        {
            var next = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref seen, next);
            await a.GetSubscriber().PublishAsync(channel, "tenant-" + index);
            await next.Task;
        });
        // The first level that stays in front of it: the client's own cache.
        await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.Zero });
        using var client = EmulatorClients.Create(emulator);
        await client.CreateAsync("tenant-000");
        var hit = MeasureHit(() =>
        {
            var pending = client.GetAsync("tenant-000");
            return pending.IsCompletedSuccessfully && pending.Result is not null;
        });
        return new Result(read, invalidation, "TenantCache (GetAsync): " + hit);
    }

    private static async Task<Result> FusionAsync(string redis)
    {
        await using var a = FusionNode(redis);
        await using var b = FusionNode(redis);
        var cacheA = a.GetRequiredService<IFusionCache>();
        var cacheB = b.GetRequiredService<IFusionCache>();
        var bypassL1 = new FusionCacheEntryOptions { SkipMemoryCacheRead = true, SkipMemoryCacheWrite = true, Duration = TimeSpan.FromMinutes(10) };
        await cacheA.SetAsync("fusion:entry", Payload, bypassL1);
        var read = await TimeAsync(Reads, async index => _ = await cacheB.TryGetAsync<string>("fusion:entry", bypassL1));

        TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        cacheB.Events.Backplane.MessageReceived += (_, _) => Volatile.Read(ref seen).TrySetResult();
        var invalidation = await TimeAsync(Invalidations, async index =>
        {
            var key = "fusion:tenant-" + index;
            await cacheB.SetAsync(key, Payload, new FusionCacheEntryOptions { SkipBackplaneNotifications = true, SkipDistributedCacheWrite = true });
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref seen, next);
            await cacheA.RemoveAsync(key);
            await next.Task;
        });

        cacheB.Set("fusion:hit", Payload);
        var hit = MeasureHit(() => cacheB.TryGet<string>("fusion:hit").HasValue);
        return new Result(read, invalidation, hit);
    }

    private static ServiceProvider FusionNode(string redis)
    {
        var services = new ServiceCollection();
        services.AddFusionCache()
            .WithOptions(options => options.WaitForInitialBackplaneSubscribe = true)
            .WithSerializer(new FusionCacheSystemTextJsonSerializer())
            .WithDistributedCache(new RedisCache(new RedisCacheOptions { Configuration = redis }))
            .WithBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = redis }));
        return services.BuildServiceProvider();
    }

    private static async Task<Result> HybridAsync(string redis)
    {
        await using var a = HybridNode(redis);
        await using var b = HybridNode(redis);
        var cacheA = a.GetRequiredService<HybridCache>();
        var cacheB = b.GetRequiredService<HybridCache>();
        var bypassL1 = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCache, Expiration = TimeSpan.FromMinutes(10) };
        await cacheA.SetAsync("hybrid:entry", Payload, bypassL1);
        var read = await TimeAsync(Reads, async index => _ = await cacheB.GetOrCreateAsync("hybrid:entry", static _ => ValueTask.FromResult("missing"), bypassL1));

        // No message between nodes: a removal on one leaves the other's first level as it was.
        await cacheB.GetOrCreateAsync("hybrid:removed", static _ => ValueTask.FromResult(Payload));
        await cacheA.RemoveAsync("hybrid:removed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stillThere = await cacheB.GetOrCreateAsync("hybrid:removed", static _ => ValueTask.FromResult("read again")) == Payload;
        var invalidation = stillThere ? "none between nodes: the other node still returned the removed entry 1 s later" : "seen";

        await cacheB.GetOrCreateAsync("hybrid:hit", static _ => ValueTask.FromResult(Payload));
        var hit = MeasureHit(() =>
        {
            var pending = cacheB.GetOrCreateAsync("hybrid:hit", static _ => ValueTask.FromResult("missing"));
            return pending.IsCompletedSuccessfully && pending.Result is not null;
        });
        return new Result(read, invalidation, hit);
    }

    private static ServiceProvider HybridNode(string redis)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(options => options.Configuration = redis);
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    private static async Task<string> TimeAsync(int count, Func<int, Task> operation)
    {
        for (var index = 0; index < count / 10; index++)
        {
            await operation(-index - 1);
        }

        var times = new double[count];
        for (var index = 0; index < count; index++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(index);
            times[index] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        return $"{times[count / 2]:0} µs, {times[count * 99 / 100]:0} µs";
    }

    private static string MeasureHit(Func<bool> hit)
    {
        for (var index = 0; index < Hits / 4; index++)
        {
            _ = hit();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var index = 0; index < Hits; index++)
        {
            if (!hit())
            {
                throw new InvalidOperationException("Not a hit.");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return $"{elapsed.TotalNanoseconds / Hits:0.0} ns, {bytes / Hits} B";
    }

    private sealed record Result(string Read, string Invalidation, string Hit);
}
