using InstanceManager.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>Emptying the cache (<c>Clear</c>) or replacing its content (<c>ReplaceAll</c>) leaves nothing behind that later evictions could trip on.</summary>
public sealed class CacheResetTests
{
    private readonly FakeTimeProvider _time = new();

    private TenantCache NewCache(int maxItems) =>
        new(Options.Create(new InstanceManagerOptions { CacheMaxItems = maxItems }), _time);

    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    private static string[] Present(TenantCache cache, params string[] tenants) =>
        [.. tenants.Where(tenant => cache.TryGet(tenant, out _))];

    [Fact]
    public void Clear_EmptiesTheCache_WhichThenFillsToItsCapacityAgain()
    {
        var cache = NewCache(3);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));
        cache.Set(Usable("c"));

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Empty(Present(cache, "a", "b", "c"));
        cache.Set(Usable("d"));
        cache.Set(Usable("e"));
        cache.Set(Usable("f"));
        Assert.Equal(3, cache.Count);
        Assert.Equal(["d", "e", "f"], Present(cache, "d", "e", "f"));
        cache.Set(Usable("g"));
        Assert.Equal(3, cache.Count);
        Assert.Equal(["e", "f", "g"], Present(cache, "d", "e", "f", "g"));
    }

    [Fact]
    public void ReplaceAll_AfterAnEviction_LaterEvictionsDropOnlyTheNewContent()
    {
        var cache = NewCache(3);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));
        cache.Set(Usable("c"));
        // Evicts "a" and leaves "b" and "c" as the next candidates of the least recently used order.
        cache.Set(Usable("d"));

        cache.ReplaceAll([Usable("x"), Usable("y"), Usable("z")], cache.RemovalStamps());
        cache.Set(Usable("w"));

        Assert.Equal(3, cache.Count);
        Assert.Equal(["y", "z", "w"], Present(cache, "a", "b", "c", "d", "x", "y", "z", "w"));
    }

    [Fact]
    public void Remove_ThenAFullCache_EvictsALiveEntry_NotTheRemovedOne()
    {
        var cache = NewCache(2);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));
        cache.Remove("a");

        cache.Set(Usable("c"));
        cache.Set(Usable("d"));

        Assert.Equal(2, cache.Count);
        Assert.Equal(["c", "d"], Present(cache, "a", "b", "c", "d"));
    }
}
