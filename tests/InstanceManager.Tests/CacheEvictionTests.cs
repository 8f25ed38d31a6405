using InstanceManager.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>The eviction contract at the capacities of applications with thousands of tenants.</summary>
public sealed class CacheEvictionTests
{
    private readonly FakeTimeProvider _time = new();

    private TenantCache NewCache(int maxItems, int expireSeconds = 600) =>
        new(Options.Create(new InstanceManagerOptions { CacheMaxItems = maxItems, CacheItemExpiration = TimeSpan.FromSeconds(expireSeconds) }), _time);

    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    private static string Tenant(int index) => $"tenant-{index:00000}";

    [Fact]
    public void LargeFullCache_DropsExactlyTheLeastRecentlyUsedEntries()
    {
        const int capacity = 20_000;
        var cache = NewCache(capacity);
        for (var index = 0; index < capacity; index++)
        {
            cache.Set(Usable(Tenant(index)));
        }

        // Touch the even tenants, from the last to the first: the odd ones are now the least recently used, in the
        // order they were stored, then the even ones from the highest to the lowest.
        for (var index = capacity - 2; index >= 0; index -= 2)
        {
            Assert.True(cache.TryGet(Tenant(index), out _));
        }

        for (var index = 0; index < (capacity / 2) + 3; index++)
        {
            cache.Set(Usable($"new-{index}"));
        }

        Assert.Equal(capacity, cache.Count);
        var present = Enumerable.Range(0, capacity).Where(index => cache.TryGet(Tenant(index), out _)).ToArray();
        Assert.Equal(Enumerable.Range(0, capacity / 2).Select(half => half * 2).Where(index => index < capacity - 6), present);
    }

    [Fact]
    public void LargeFullCache_DropsExpiredEntriesBeforeTheLeastRecentlyUsedOnes_WhereverTheyAre()
    {
        const int capacity = 10_000;
        var cache = NewCache(capacity, expireSeconds: 10);
        for (var index = 0; index < capacity; index++)
        {
            cache.Set(Usable(Tenant(index)));
        }

        // Store again every tenant but every hundredth one, which then expires first although it is touched last.
        _time.Advance(TimeSpan.FromSeconds(5));
        var expiring = Enumerable.Range(0, capacity).Where(index => index % 100 == 37).ToHashSet();
        for (var index = 0; index < capacity; index++)
        {
            if (!expiring.Contains(index))
            {
                cache.Set(Usable(Tenant(index)));
            }
        }

        foreach (var index in expiring)
        {
            Assert.True(cache.TryGet(Tenant(index), out _));
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        for (var index = 0; index < expiring.Count; index++)
        {
            cache.Set(Usable($"new-{index}"));
        }

        Assert.Equal(capacity, cache.Count);
        Assert.Equal(capacity - expiring.Count, Enumerable.Range(0, capacity).Count(index => !expiring.Contains(index) && cache.TryGet(Tenant(index), out _)));
        Assert.All(Enumerable.Range(0, expiring.Count), index => Assert.True(cache.TryGet($"new-{index}", out _)));
    }

    [Fact]
    public void LargeCache_KeepsAtMostItsCapacity_ThroughChurn()
    {
        const int capacity = 20_000;
        var cache = NewCache(capacity);
        for (var index = 0; index < 38_000; index++)
        {
            cache.Set(Usable(Tenant(index)));
            Assert.True(cache.Count <= capacity);
        }

        Assert.Equal(capacity, cache.Count);
        Assert.Equal(capacity, Enumerable.Range(18_000, capacity).Count(index => cache.TryGet(Tenant(index), out _)));
        Assert.DoesNotContain(Enumerable.Range(0, 18_000), index => cache.TryGet(Tenant(index), out _));
    }

    [Fact]
    public void ManyReplacementsOfTheSameEntries_NeitherEvictNorLoseAnything()
    {
        var cache = NewCache(100);
        for (var round = 0; round < 1_000; round++)
        {
            for (var index = 0; index < 100; index++)
            {
                cache.Set(Usable(Tenant(index)));
            }
        }

        Assert.Equal(100, cache.Count);
        Assert.Equal(100, Enumerable.Range(0, 100).Count(index => cache.TryGet(Tenant(index), out _)));

        cache.Set(Usable("new"));
        Assert.False(cache.TryGet(Tenant(0), out _));
        Assert.Equal(99, Enumerable.Range(1, 99).Count(index => cache.TryGet(Tenant(index), out _)));
    }

    /// <summary>
    /// Random gets, stores, removals, list replacements and clock moves, checked after each step against a
    /// straightforward model of the contract: a full cache drops the entry that expired first, else the least
    /// recently used one.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(300, 3)]
    [InlineData(2_000, 4)]
    public void RandomOperations_BehaveAsTheContractModel(int capacity, int seed)
    {
        var cache = NewCache(capacity, expireSeconds: 60);
        var model = new Model(capacity, TimeSpan.FromSeconds(60));
        var random = new Random(seed);
        var tenants = capacity * 3;
        for (var step = 0; step < 20_000; step++)
        {
            var tenant = Tenant(random.Next(tenants));
            switch (random.Next(100))
            {
                case < 45:
                    Assert.Equal(model.TryGet(tenant, _time.GetUtcNow()), cache.TryGet(tenant, out _));
                    break;
                case < 85:
                    cache.Set(Usable(tenant));
                    model.Set(tenant, _time.GetUtcNow());
                    break;
                case < 92:
                    cache.Remove(tenant);
                    model.Remove(tenant);
                    break;
                case < 93:
                    var list = Enumerable.Range(0, random.Next(capacity * 2)).Select(_ => Tenant(random.Next(tenants))).Distinct().ToArray();
                    cache.ReplaceAll([.. list.Select(Usable)], cache.RemovalStamps());
                    model.ReplaceAll(list, _time.GetUtcNow());
                    break;
                default:
                    _time.Advance(TimeSpan.FromSeconds(random.Next(1, 8)));
                    break;
            }

            Assert.Equal(model.Count, cache.Count);
        }

        var now = _time.GetUtcNow();
        Assert.Equal(
            Enumerable.Range(0, tenants).Select(Tenant).Where(tenant => model.TryGet(tenant, now)),
            Enumerable.Range(0, tenants).Select(Tenant).Where(tenant => cache.TryGet(tenant, out _)));
    }

    private sealed class Model(int capacity, TimeSpan lifetime)
    {
        private readonly Dictionary<string, (DateTimeOffset ExpiresAt, long Stored, long LastAccess)> _entries = [];
        private long _clock;

        public int Count => _entries.Count;

        public bool TryGet(string tenant, DateTimeOffset now)
        {
            if (_entries.TryGetValue(tenant, out var entry) && now < entry.ExpiresAt)
            {
                _entries[tenant] = entry with { LastAccess = ++_clock };
                return true;
            }

            return false;
        }

        public void Set(string tenant, DateTimeOffset now)
        {
            if (!_entries.ContainsKey(tenant) && _entries.Count >= capacity)
            {
                var expired = _entries.Where(pair => pair.Value.ExpiresAt <= now).OrderBy(pair => pair.Value.Stored).ToList();
                var victim = expired.Count > 0 ? expired[0].Key : _entries.MinBy(pair => pair.Value.LastAccess).Key;
                _entries.Remove(victim);
            }

            _clock++;
            _entries[tenant] = (now + lifetime, _clock, _clock);
        }

        public void Remove(string tenant) => _entries.Remove(tenant);

        public void ReplaceAll(IEnumerable<string> tenants, DateTimeOffset now)
        {
            _entries.Clear();
            foreach (var tenant in tenants)
            {
                Set(tenant, now);
            }
        }
    }
}
