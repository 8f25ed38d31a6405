using InstanceManager.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>The eviction order after its queue of stored entries was compacted, and its guard against an impossible eviction.</summary>
public sealed class CacheEvictionOrderTests
{
    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    [Fact]
    public void AfterManyReplacements_AnExpiredEntry_IsStillDroppedBeforeTheLeastRecentlyUsedOne()
    {
        var time = new FakeTimeProvider();
        var cache = new TenantCache(Options.Create(new InstanceManagerOptions { CacheMaxItems = 2, CacheItemExpiration = TimeSpan.FromMinutes(10) }), time);
        cache.Set(Usable("a"));
        time.Advance(TimeSpan.FromMinutes(1));
        // Every replacement leaves the replaced entry behind in the order's queue until the queue is compacted.
        for (var replacement = 0; replacement < 68; replacement++)
        {
            cache.Set(Usable("b"));
        }

        Assert.True(cache.TryGet("a", out _));
        time.Advance(TimeSpan.FromMinutes(9));
        cache.Set(Usable("c"));

        // "a" expired (and was used last); "b" has not expired.
        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void EvictingFromAnEmptyOrder_FailsLoudly()
    {
        var order = new EvictionOrder();

        var error = Assert.Throws<InvalidOperationException>(() => order.Victim(now: 0));

        Assert.Equal("Eviction from an empty cache.", error.Message);
    }
}
