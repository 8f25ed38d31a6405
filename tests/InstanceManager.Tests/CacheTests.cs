using System.Text.Json;
using InstanceManager.Caching;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

public sealed class CacheTests
{
    private readonly FakeTimeProvider _time = new();

    private TenantCache NewCache(int maxItems, int expireSeconds = 600) =>
        new(Options.Create(new InstanceManagerOptions { CacheMaxItems = maxItems, CacheItemExpiration = TimeSpan.FromSeconds(expireSeconds) }), _time);

    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    private static string[] Present(TenantCache cache, params string[] tenants) =>
        [.. tenants.Where(tenant => cache.TryGet(tenant, out _))];

    [Fact]
    public void TryGet_ReturnsTheStoredInstance()
    {
        var cache = NewCache(3);
        var a = Usable("a");
        cache.Set(a);

        Assert.True(cache.TryGet("a", out var found));
        Assert.Same(a, found);
        Assert.False(cache.TryGet("b", out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void TenantKeys_AreCaseSensitive()
    {
        var cache = NewCache(3);
        cache.Set(Usable("Tenant"));

        Assert.False(cache.TryGet("tenant", out _));
        Assert.True(cache.TryGet("Tenant", out _));
    }

    [Fact]
    public void FullCache_EvictsTheLeastRecentlyUsed_AndATouchProtectsAnEntry()
    {
        var cache = NewCache(3);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));
        cache.Set(Usable("c"));
        Assert.True(cache.TryGet("a", out _));

        cache.Set(Usable("d"));
        Assert.Equal(["a", "c", "d"], Present(cache, "a", "b", "c", "d"));

        // The lookups above touched a, c and d in that order: a is now the least recently used.
        cache.Set(Usable("e"));
        Assert.Equal(["c", "d", "e"], Present(cache, "a", "b", "c", "d", "e"));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void AddingToAFullCache_KeepsTheNewEntry()
    {
        var cache = NewCache(1);
        cache.Set(Usable("a"));
        Assert.True(cache.TryGet("a", out _));

        cache.Set(Usable("b"));

        Assert.True(cache.TryGet("b", out _));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ReplacingAnEntry_EvictsNothing()
    {
        var cache = NewCache(2);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));
        var newer = Usable("a");

        cache.Set(newer);

        Assert.True(cache.TryGet("a", out var found));
        Assert.Same(newer, found);
        Assert.True(cache.TryGet("b", out _));
    }

    [Fact]
    public void Entries_ExpireAfterTheConfiguredTimeFromWhenTheyWereStored()
    {
        var cache = NewCache(3, expireSeconds: 10);
        cache.Set(Usable("a"));

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void ReadingAnEntry_DoesNotExtendItsLifetime()
    {
        var cache = NewCache(3, expireSeconds: 10);
        cache.Set(Usable("a"));
        for (var second = 0; second < 9; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(cache.TryGet("a", out _));
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void StoringAgain_RestartsTheLifetime()
    {
        var cache = NewCache(3, expireSeconds: 10);
        cache.Set(Usable("a"));
        _time.Advance(TimeSpan.FromSeconds(8));
        cache.Set(Usable("a"));

        _time.Advance(TimeSpan.FromSeconds(8));

        Assert.True(cache.TryGet("a", out _));
    }

    [Fact]
    public void FullCache_DropsAnExpiredEntryBeforeTheLeastRecentlyUsedOne()
    {
        var cache = NewCache(2, expireSeconds: 10);
        cache.Set(Usable("a"));
        _time.Advance(TimeSpan.FromSeconds(5));
        cache.Set(Usable("b"));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromSeconds(2));

        cache.Set(Usable("c"));

        Assert.Equal(["b", "c"], Present(cache, "a", "b", "c"));
    }

    [Fact]
    public void FullCache_DropsTheExpiredEntry_WhicheverPositionItHas()
    {
        // Every tenant but one is stored again later, so only that one expires, although it is also the most
        // recently used; whichever tenant that is, it is dropped and the least recently used one is kept.
        foreach (var expiring in new[] { "t00", "t17", "t31" })
        {
            var cache = NewCache(32, expireSeconds: 10);
            var tenants = Enumerable.Range(0, 32).Select(index => $"t{index:00}").ToArray();
            foreach (var tenant in tenants)
            {
                cache.Set(Usable(tenant));
            }

            _time.Advance(TimeSpan.FromSeconds(5));
            foreach (var tenant in tenants.Where(tenant => tenant != expiring))
            {
                cache.Set(Usable(tenant));
            }

            Assert.True(cache.TryGet(expiring, out _));
            _time.Advance(TimeSpan.FromSeconds(5));

            cache.Set(Usable("new"));

            Assert.Equal([.. tenants.Where(tenant => tenant != expiring), "new"], Present(cache, [.. tenants, "new"]));
        }
    }

    [Fact]
    public void FullCache_DropsAnEntryExactlyAtItsExpiryInstant_BeforeTheLeastRecentlyUsedOne()
    {
        var cache = NewCache(2, expireSeconds: 10);
        cache.Set(Usable("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Usable("b"));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromSeconds(9));

        cache.Set(Usable("c"));

        Assert.Equal(["b", "c"], Present(cache, "a", "b", "c"));
    }

    [Fact]
    public void FullCache_DropsTheLeastRecentlyUsedOne_WhenNothingHasExpiredYet()
    {
        var cache = NewCache(2, expireSeconds: 10);
        cache.Set(Usable("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Usable("b"));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromSeconds(9) - TimeSpan.FromTicks(1));

        cache.Set(Usable("c"));

        Assert.Equal(["a", "c"], Present(cache, "a", "b", "c"));
    }

    [Fact]
    public void Remove_DropsOnlyThatTenant()
    {
        var cache = NewCache(3);
        cache.Set(Usable("a"));
        cache.Set(Usable("b"));

        cache.Remove("a");
        cache.Remove("unknown");

        Assert.Equal(["b"], Present(cache, "a", "b"));
    }

    [Fact]
    public void ReplaceAll_ReplacesTheContentAndKeepsAtMostTheCapacity()
    {
        var cache = NewCache(2);
        cache.Set(Usable("old"));

        cache.ReplaceAll([Usable("a"), Usable("b"), Usable("c")], cache.RemovalStamps());

        Assert.Equal(["b", "c"], Present(cache, "old", "a", "b", "c"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Client_EvictsTheLeastRecentlyUsedTenant()
    {
        using var im = new ImServer(options => options.CacheMaxItems = 2);
        foreach (var tenant in new[] { "a", "b", "c" })
        {
            im.GetAnswers(tenant, (200, InstanceJson.Instance(tenant, "CREATION_SUCCEEDED")));
        }

        await im.Client.GetAsync("a");
        await im.Client.GetAsync("b");
        await im.Client.GetAsync("a");
        await im.Client.GetAsync("c");
        await im.Client.GetAsync("a");
        await im.Client.GetAsync("c");
        Assert.Equal((1, 1, 1), (im.Count("GET", "a"), im.Count("GET", "b"), im.Count("GET", "c")));

        await im.Client.GetAsync("b");
        Assert.Equal(2, im.Count("GET", "b"));
    }

    [Fact]
    public async Task Client_RereadsATenantAfterItsEntryExpired()
    {
        using var im = new ImServer(options => options.CacheItemExpiration = TimeSpan.FromSeconds(5));
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await im.Client.GetAsync("t1");
        im.Clock.Advance(TimeSpan.FromSeconds(4.9));
        await im.Client.GetAsync("t1");
        Assert.Equal(1, im.Count("GET"));

        im.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var reread = await im.Client.GetAsync("t1");
        Assert.Equal(2, im.Count("GET"));
        Assert.Equal("t1", reread!.TenantId);

        await im.Client.GetAsync("t1");
        Assert.Equal(2, im.Count("GET"));
    }

    [Theory]
    [InlineData("CREATION_FAILED")]
    [InlineData("DELETION_IN_PROGRESS")]
    [InlineData("DELETION_FAILED")]
    [InlineData("SOMETHING_NEW")]
    public async Task Client_CachesOnlySucceededInstances(string status)
    {
        using var im = new ImServer();
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", status)));

        await im.Client.GetAsync("t1");
        await im.Client.GetAsync("t1");

        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task Client_GetAllCachesOnlySucceededInstances()
    {
        using var im = new ImServer();
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(
            InstanceJson.Node("a", "CREATION_SUCCEEDED"),
            InstanceJson.Node("b", "CREATION_IN_PROGRESS"),
            InstanceJson.Node("c", "DELETION_FAILED")));
        im.GetAnswers("b", (404, ""));
        im.GetAnswers("c", (404, ""));

        await im.Client.GetAllAsync();
        await im.Client.GetAsync("a");
        await im.Client.GetAsync("b");
        await im.Client.GetAsync("c");

        Assert.Equal((0, 1, 1), (im.Count("GET", "a"), im.Count("GET", "b"), im.Count("GET", "c")));
    }

    [Fact]
    public async Task Client_CachesTheInstanceAsTheServerReturnedIt()
    {
        using var im = new ImServer();
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var first = await im.Client.GetAsync("t1");
        var cached = await im.Client.GetAsync("t1");

        Assert.Same(first, cached);
        Assert.Equal("plan-1", cached!.AdditionalProperties["managed_plan_id"].GetString());
        Assert.Equal(JsonValueKind.Object, cached.Credentials!.Value.ValueKind);
    }
}
