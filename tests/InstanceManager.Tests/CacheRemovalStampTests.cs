using InstanceManager.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>A read that began before its tenant was removed does not put its answer into the cache.</summary>
public sealed class CacheRemovalStampTests
{
    private readonly TenantCache _cache = new(Options.Create(new InstanceManagerOptions()), new FakeTimeProvider());

    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    [Fact]
    public void An_answer_read_while_nothing_was_removed_is_stored()
    {
        var stamp = _cache.RemovalStamp("tenant-1");

        Assert.True(_cache.SetUnlessRemovedSince(Usable("tenant-1"), stamp));
        Assert.True(_cache.TryGet("tenant-1", out _));
    }

    [Fact]
    public void An_answer_read_before_its_tenant_was_removed_is_refused_even_if_the_tenant_was_not_cached()
    {
        var stamp = _cache.RemovalStamp("tenant-1");
        _cache.Remove("tenant-1");

        Assert.False(_cache.SetUnlessRemovedSince(Usable("tenant-1"), stamp));
        Assert.False(_cache.TryGet("tenant-1", out _));

        // A read that begins after the removal is stored.
        Assert.True(_cache.SetUnlessRemovedSince(Usable("tenant-1"), _cache.RemovalStamp("tenant-1")));
        Assert.True(_cache.TryGet("tenant-1", out _));
    }

    [Fact]
    public void Clearing_the_cache_counts_as_removing_every_tenant()
    {
        var stamps = Enumerable.Range(0, 50).Select(index => (Tenant: $"tenant-{index}", Stamp: _cache.RemovalStamp($"tenant-{index}"))).ToArray();
        _cache.Clear();

        Assert.All(stamps, read => Assert.False(_cache.SetUnlessRemovedSince(Usable(read.Tenant), read.Stamp)));
        Assert.Equal(0, stamps.Count(read => _cache.TryGet(read.Tenant, out _)));
    }

    [Fact]
    public void A_list_read_before_a_tenant_was_removed_leaves_that_tenant_out_and_keeps_the_others()
    {
        var candidates = Enumerable.Range(0, 20).Select(index => $"tenant-{index}").ToDictionary(tenant => tenant, _cache.RemovalStamp);
        var stamps = _cache.RemovalStamps();
        _cache.Remove("tenant-removed");

        // Removals are counted per group of tenant ids: keep to tenants whose group the removal did not touch.
        var untouched = candidates.Where(candidate => _cache.RemovalStamp(candidate.Key) == candidate.Value).Select(candidate => candidate.Key).Take(5).ToArray();
        _cache.ReplaceAll([.. untouched.Select(Usable), Usable("tenant-removed")], stamps);

        Assert.Equal(5, untouched.Length);
        Assert.False(_cache.TryGet("tenant-removed", out _));
        Assert.Equal(5, untouched.Count(tenant => _cache.TryGet(tenant, out _)));

        // A list read after the removal keeps it.
        _cache.ReplaceAll([Usable("tenant-removed")], _cache.RemovalStamps());
        Assert.True(_cache.TryGet("tenant-removed", out _));
    }
}
