using BenchmarkDotNet.Attributes;
using BitFaster.Caching.Lru;
using InstanceManager.Caching;
using Microsoft.Extensions.Options;

namespace InstanceManager.Benchmarks;

/// <summary>
/// <see cref="TenantCache"/> on its own, against <c>BitFaster.Caching</c>'s <see cref="ConcurrentTLru{K,V}"/> (LRU with a
/// time to live): the cost of a hit, and of adding to a full cache (one eviction each), at several capacities.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private const int Inserts = 1_000;
    private TenantCache _cache = null!;
    private ConcurrentTLru<string, ManagedInstance> _bitFaster = null!;
    private ManagedInstance[] _newcomers = null!;
    private string _hitTenant = null!;
    private int _round;

    [Params(2_000, 20_000, 200_000)]
    public int Capacity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cache = new TenantCache(Options.Create(new InstanceManagerOptions { CacheMaxItems = Capacity, CacheItemExpiration = TimeSpan.FromMinutes(10) }), TimeProvider.System);
        _bitFaster = new ConcurrentTLru<string, ManagedInstance>(Capacity, TimeSpan.FromMinutes(10));
        for (var index = 0; index < Capacity; index++)
        {
            var instance = new ManagedInstance { TenantId = $"tenant-{index}", Status = InstanceStatus.CreationSucceeded };
            _cache.Set(instance);
            _bitFaster.AddOrUpdate(instance.TenantId, instance);
        }

        _hitTenant = $"tenant-{Capacity - 1}";
        _newcomers = Enumerable.Range(0, 1_000_000).Select(index => new ManagedInstance { TenantId = $"new-{index}", Status = InstanceStatus.CreationSucceeded }).ToArray();
    }

    [Benchmark]
    public ManagedInstance? TenantCache_Hit() => _cache.TryGet(_hitTenant, out var found) ? found : null;

    [Benchmark]
    public ManagedInstance? BitFaster_ConcurrentTLru_Hit() => _bitFaster.TryGet(_hitTenant, out var found) ? found : null;

    /// <summary>Adds tenants not cached yet to the full cache: each one evicts one.</summary>
    [Benchmark(OperationsPerInvoke = Inserts)]
    public void TenantCache_AddToFull()
    {
        var start = NextRound();
        for (var index = start; index < start + Inserts; index++)
        {
            _cache.Set(_newcomers[index]);
        }
    }

    [Benchmark(OperationsPerInvoke = Inserts)]
    public void BitFaster_ConcurrentTLru_AddToFull()
    {
        var start = NextRound();
        for (var index = start; index < start + Inserts; index++)
        {
            _bitFaster.AddOrUpdate(_newcomers[index].TenantId, _newcomers[index]);
        }
    }

    private int NextRound() => (_round++ * Inserts) % (_newcomers.Length - Inserts);
}
