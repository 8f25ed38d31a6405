using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Garnet;
using InstanceManager.Emulator;
using InstanceManager.Redis.Coordination;
using Microsoft.Extensions.DependencyInjection;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// N replicas of one application (N containers, as N pods) against one emulator, without and with Redis: service
/// GETs when every replica reads the same tenants, time until a deletion is seen by every other replica, the same
/// create on every replica, list downloads when every replica lists at once, and the cost of a cache hit.
/// </summary>
internal static class ReplicasCommand
{
    private const int HitIterations = 5_000_000;

    public static async Task RunAsync(string[] args)
    {
        var replicaCount = Read(args, "--replicas", 8);
        var tenantCount = Read(args, "--tenants", 200);
        var redisArgument = Array.IndexOf(args, "--redis") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

        GarnetServer? garnet = null;
        var redis = redisArgument;
        if (redis is null)
        {
            var port = FreePort();
            garnet = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "true"]);
            garnet.Start();
            redis = $"127.0.0.1:{port}";
        }

        try
        {
            Console.WriteLine($"{replicaCount} replicas, {tenantCount} tenants, emulator in-process on loopback; Redis: {(redisArgument is null ? "embedded Garnet" : redisArgument)}.");
            var without = await MeasureAsync(replicaCount, tenantCount, redis: null);
            var with = await MeasureAsync(replicaCount, tenantCount, redis);
            Console.WriteLine();
            Console.WriteLine($"| {replicaCount} replicas | without Redis | with Redis |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| first access of {tenantCount} tenants by every replica: service GETs | {without.Gets} | {with.Gets} |");
            Console.WriteLine($"| … Redis counters during it | {without.FirstAccess} | {with.FirstAccess} |");
            Console.WriteLine($"| a deletion through replica 0: seen by all others after | {without.DeletionSeen} | {with.DeletionSeen} |");
            Console.WriteLine($"| the same create on every replica at once | {without.Creates} | {with.Creates} |");
            Console.WriteLine($"| GetAllAsync on every replica at once: downloads | {without.Downloads} | {with.Downloads} |");
            Console.WriteLine($"| cache hit (GetAsync of a cached tenant) | {without.Hit} | {with.Hit} |");
        }
        finally
        {
            garnet?.Dispose();
        }
    }

    private static async Task<Result> MeasureAsync(int replicaCount, int tenantCount, string? redis)
    {
        await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            ProvisioningDelay = TimeSpan.FromMilliseconds(100),
            DeprovisioningDelay = TimeSpan.Zero,
        });
        var tenants = Enumerable.Range(0, tenantCount).Select(index => $"tenant-{index:000}").ToArray();
        using (var seeding = EmulatorClients.Create(emulator))
        {
            await Task.WhenAll(tenants.Select(tenant => seeding.CreateAsync(tenant)));
        }

        var prefix = Guid.NewGuid().ToString("N")[..8] + ":";
        var replicas = new List<ServiceProvider>();
        for (var index = 0; index < replicaCount; index++)
        {
            var services = new ServiceCollection();
            var builder = services.AddInstanceManager(emulator.Configuration);
            if (redis is not null)
            {
                builder.AddRedis(options =>
                {
                    options.Configuration = redis;
                    options.KeyPrefix = prefix;
                });
            }

            var provider = services.BuildServiceProvider();
            if (redis is not null)
            {
                await provider.GetRequiredService<RedisReplicaCoordinator>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
            }

            replicas.Add(provider);
        }

        var clients = replicas.Select(provider => provider.GetRequiredService<IInstanceManagerClient>()).ToArray();
        try
        {
            // 1. Every replica serves traffic for the same tenants (each in its own order), all at once.
            emulator.ClearRequestLog();
            using var redisCounts = new RedisCounts();
            await Task.WhenAll(clients.Select((client, replica) => Task.Run(async () =>
            {
                foreach (var tenant in tenants.Skip(replica * 7 % tenantCount).Concat(tenants.Take(replica * 7 % tenantCount)))
                {
                    _ = await client.GetAsync(tenant) ?? throw new InvalidOperationException($"{tenant} not found.");
                }
            })));
            var gets = emulator.RequestLog.Count(request => request.Method == "GET" && request.TenantId is not null);
            var firstAccess = redisCounts.ToString();

            // 2. A tenant every replica holds is deleted through replica 0.
            var deleted = tenants[0];
            await clients[0].DeleteAsync(deleted);
            var watch = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(2);
            var seen = await Task.WhenAll(clients.Skip(1).Select(client => Task.Run(async () =>
            {
                while (watch.Elapsed < limit)
                {
                    if (await client.GetAsync(deleted) is null)
                    {
                        return true;
                    }

                    // A replica serving traffic, not one spinning on this tenant (which would take the cores from
                    // Redis's and the emulator's threads in this process): every millisecond.
                    await Task.Delay(1);
                }

                return false;
            })));
            var deletionSeen = seen.All(done => done) ? $"{watch.Elapsed.TotalMilliseconds:0.0} ms" : $"not within {limit.TotalSeconds:0} s ({seen.Count(done => !done)} replicas still return it until their entry expires)";

            // 3. The same new tenant created on every replica at once.
            emulator.ClearRequestLog();
            var outcomes = await Task.WhenAll(clients.Select(async client =>
            {
                try
                {
                    await client.CreateAsync("created-everywhere");
                    return "success";
                }
                catch (InstanceManagerException exception)
                {
                    return exception.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "error";
                }
            }));
            var creates = string.Join(", ", outcomes.GroupBy(outcome => outcome).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Count()} × {group.Key}"))
                + $" from {emulator.RequestLog.Count(request => request.Method == "POST")} POST";

            // 4. Every replica lists at once (a warm-up after a deploy).
            emulator.ClearRequestLog();
            await Task.WhenAll(clients.Select(client => client.GetAllAsync()));
            var downloads = emulator.RequestLog.Count(request => request.Method == "GET" && request.TenantId is null);

            return new Result(gets, firstAccess, deletionSeen, creates, downloads, MeasureHit(clients[1], tenants[1]));
        }
        finally
        {
            foreach (var provider in replicas)
            {
                await provider.DisposeAsync();
            }
        }
    }

    /// <summary>Mean time and allocation of a cache hit over many calls (BenchmarkDotNet's CacheHit benchmark measures the same more precisely).</summary>
    private static string MeasureHit(IInstanceManagerClient client, string tenant)
    {
        // Long enough for the tiered JIT to compile the hit path fully.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1_000)
        {
            var pending = client.GetAsync(tenant);
            if (!pending.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("Not a cache hit.");
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var iteration = 0; iteration < HitIterations; iteration++)
        {
            var pending = client.GetAsync(tenant);
            if (!pending.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("Not a cache hit.");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return $"{elapsed.TotalNanoseconds / HitIterations:0.0} ns, {bytes / HitIterations} B";
    }

    private sealed record Result(int Gets, string FirstAccess, string DeletionSeen, string Creates, int Downloads, string Hit);

    /// <summary>The Redis package's counters while it lives (all replicas), to explain service GETs beyond one per tenant.</summary>
    private sealed class RedisCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public RedisCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name.StartsWith("instance_manager.redis.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var name = instrument.Name["instance_manager.redis.".Length..];
                foreach (var tag in tags)
                {
                    name += $" {tag.Value}";
                }

                _counts.AddOrUpdate(name, value, (_, total) => total + value);
            });
            _listener.Start();
        }

        public override string ToString() => _counts.IsEmpty
            ? "none"
            : string.Join(", ", _counts.OrderBy(count => count.Key, StringComparer.Ordinal).Select(count => $"{count.Key} {count.Value}"));

        public void Dispose() => _listener.Dispose();
    }
}
