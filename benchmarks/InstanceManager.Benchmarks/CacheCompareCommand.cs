using System.Diagnostics;
using BitFaster.Caching.Lru;
using InstanceManager.Caching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace InstanceManager.Benchmarks;

/// <summary>
/// <see cref="TenantCache"/> against <c>BitFaster.Caching</c>'s <see cref="ConcurrentTLru{K,V}"/> and
/// <see cref="MemoryCache"/>, measured in turns within one process (the fastest of several turns each), which is
/// steadier than separate benchmark runs on a machine whose cores are shared: the cost of a hit, and of adding to a
/// full cache (one eviction each).
/// </summary>
internal static class CacheCompareCommand
{
    private const int Hits = 2_000_000;
    private const int Inserts = 20_000;

    public static void Run(string[] args)
    {
        var turns = args.Length > 1 && args[0] == "--turns" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"Cache comparison: the fastest of {turns} turns; hits of one cached tenant, inserts of tenants not cached into a full cache.");
        foreach (var capacity in new[] { 2_000, 20_000, 200_000 })
        {
            var lifetime = TimeSpan.FromMinutes(10);
            var ours = new TenantCache(Options.Create(new InstanceManagerOptions { CacheMaxItems = capacity, CacheItemExpiration = lifetime }), TimeProvider.System);
            var bitFaster = new ConcurrentTLru<string, ManagedInstance>(capacity, lifetime);
            using var memoryCache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
            for (var index = 0; index < capacity; index++)
            {
                var instance = Usable($"tenant-{index}");
                ours.Set(instance);
                bitFaster.AddOrUpdate(instance.TenantId, instance);
                memoryCache.Set(instance.TenantId, instance, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
            }

            var hit = $"tenant-{capacity / 2}";
            var newcomers = Enumerable.Range(0, Inserts * turns * 2).Select(index => Usable($"new-{index}")).ToArray();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            double oursHit = double.MaxValue, bitFasterHit = double.MaxValue, memoryCacheHit = double.MaxValue, oursInsert = double.MaxValue, bitFasterInsert = double.MaxValue;
            long oursAllocated = long.MaxValue, bitFasterAllocated = long.MaxValue;
            var next = 0;
            for (var turn = 0; turn < turns; turn++)
            {
                oursHit = Math.Min(oursHit, Time(Hits, () => { for (var i = 0; i < Hits; i++) { ours.TryGet(hit, out _); } }, out var allocated));
                oursAllocated = Math.Min(oursAllocated, allocated);
                bitFasterHit = Math.Min(bitFasterHit, Time(Hits, () => { for (var i = 0; i < Hits; i++) { bitFaster.TryGet(hit, out _); } }, out allocated));
                bitFasterAllocated = Math.Min(bitFasterAllocated, allocated);
                memoryCacheHit = Math.Min(memoryCacheHit, Time(Hits, () => { for (var i = 0; i < Hits; i++) { memoryCache.TryGetValue(hit, out _); } }, out _));
                var start = next;
                oursInsert = Math.Min(oursInsert, Time(Inserts, () => { for (var i = start; i < start + Inserts; i++) { ours.Set(newcomers[i]); } }, out _));
                bitFasterInsert = Math.Min(bitFasterInsert, Time(Inserts, () => { for (var i = start + Inserts; i < start + (2 * Inserts); i++) { bitFaster.AddOrUpdate(newcomers[i].TenantId, newcomers[i]); } }, out _));
                next += 2 * Inserts;
            }

            Console.WriteLine($"  capacity {capacity,7}: hit TenantCache {oursHit:0.0} ns ({oursAllocated} B per {Hits} hits), ConcurrentTLru {bitFasterHit:0.0} ns ({bitFasterAllocated} B), MemoryCache {memoryCacheHit:0.0} ns; add to full TenantCache {oursInsert:0} ns, ConcurrentTLru {bitFasterInsert:0} ns");
        }
    }

    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    private static double Time(int operations, Action run, out long allocated)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        run();
        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return elapsed.TotalNanoseconds / operations;
    }
}
