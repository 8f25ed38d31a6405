using System.Text.Json;
using InstanceManager.Caching;
using InstanceManager.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>
/// When <c>ReplaceAll</c> keeps instances that are views into one parsed list as they are, and when it keeps detached
/// copies: only when more than half of that list stays in the cache.
/// </summary>
public sealed class CacheListSharingTests
{
    private readonly FakeTimeProvider _time = new();

    private TenantCache NewCache(int maxItems) =>
        new(Options.Create(new InstanceManagerOptions { CacheMaxItems = maxItems }), _time);

    private static ManagedInstance[] ListOf(int count, ListDocument? list = null)
    {
        list ??= new ListDocument(count);
        return [.. Enumerable.Range(0, count).Select(index => InList($"t{index}", list))];
    }

    private static ManagedInstance InList(string tenantId, ListDocument list)
    {
        using var document = JsonDocument.Parse($$"""{"tenant_id":"{{tenantId}}","status":"CREATION_SUCCEEDED"}""");
        return new ManagedInstance(document.RootElement.Clone(), list) { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };
    }

    private static ManagedInstance Cached(TenantCache cache, string tenantId)
    {
        Assert.True(cache.TryGet(tenantId, out var instance));
        return instance;
    }

    [Fact]
    public void AWholeList_IsKeptAsItIs()
    {
        var cache = NewCache(10);
        var instances = ListOf(4);

        cache.ReplaceAll(instances, cache.RemovalStamps());

        Assert.All(Enumerable.Range(0, 4), index => Assert.Same(instances[index], Cached(cache, $"t{index}")));
    }

    [Fact]
    public void MoreThanHalfOfAList_IsKeptAsItIs()
    {
        var cache = NewCache(3);
        var instances = ListOf(4);

        cache.ReplaceAll(instances, cache.RemovalStamps());

        Assert.False(cache.TryGet("t0", out _));
        Assert.All(Enumerable.Range(1, 3), index => Assert.Same(instances[index], Cached(cache, $"t{index}")));
    }

    [Fact]
    public void ExactlyHalfOfAList_IsKeptAsDetachedCopies()
    {
        var cache = NewCache(2);
        var instances = ListOf(4);

        cache.ReplaceAll(instances, cache.RemovalStamps());

        Assert.All(Enumerable.Range(2, 2), index =>
        {
            var cached = Cached(cache, $"t{index}");
            Assert.NotSame(instances[index], cached);
            Assert.False(cached.SharesDocument);
            Assert.Equal($"t{index}", cached.TenantId);
        });
    }

    [Fact]
    public void InstancesOfTwoLists_AreKeptAsDetachedCopies()
    {
        var cache = NewCache(10);
        ManagedInstance[] instances = [InList("a", new ListDocument(1)), InList("b", new ListDocument(1))];

        cache.ReplaceAll(instances, cache.RemovalStamps());

        Assert.All(new[] { "a", "b" }, tenant => Assert.False(Cached(cache, tenant).SharesDocument));
    }

    [Fact]
    public void AListedInstanceAfterOneOutsideAnyList_IsKeptAsADetachedCopy()
    {
        var cache = NewCache(10);
        ManagedInstance[] instances = [new() { TenantId = "a", Status = InstanceStatus.CreationSucceeded }, InList("b", new ListDocument(1))];

        cache.ReplaceAll(instances, cache.RemovalStamps());

        Assert.Same(instances[0], Cached(cache, "a"));
        Assert.False(Cached(cache, "b").SharesDocument);
    }

    [Fact]
    public void AnEmptyList_EmptiesTheCache()
    {
        var cache = NewCache(2);
        cache.Set(new ManagedInstance { TenantId = "a", Status = InstanceStatus.CreationSucceeded });

        cache.ReplaceAll([], cache.RemovalStamps());

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet("a", out _));
    }
}
