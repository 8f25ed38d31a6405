using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace InstanceManager.Caching;

/// <summary>
/// The tenants' usable instances: at most <see cref="InstanceManagerOptions.CacheMaxItems"/>, least recently used
/// out first, each valid for <see cref="InstanceManagerOptions.CacheItemExpiration"/> after it was stored.
/// </summary>
/// <remarks>
/// Built on <see cref="MemoryCache"/> with a size limit. When full, <see cref="MemoryCache"/> rejects a new entry
/// and compacts in the background; the contract here is the opposite (the new entry stays, the least recently used
/// one leaves), so writes make room first with a synchronous <see cref="MemoryCache.Compact(double)"/>, which
/// removes expired entries and then the least recently accessed ones. Writes are serialized so that two of them
/// cannot both see room for one; reads take no lock.
/// </remarks>
internal sealed class TenantCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly Lock _writeLock = new();
    private readonly int _capacity;
    private readonly MemoryCacheEntryOptions _entryOptions;

    public TenantCache(IOptions<InstanceManagerOptions> options, TimeProvider timeProvider)
    {
        var value = options.Value;
        _capacity = value.CacheMaxItems;
        _entryOptions = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = value.CacheItemExpiration };
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = _capacity,
            Clock = new TimeProviderClock(timeProvider),
        });
    }

    public int Count => _cache.Count;

    public bool TryGet(string tenantId, [NotNullWhen(true)] out ManagedInstance? instance) =>
        _cache.TryGetValue(tenantId, out instance);

    public void Set(ManagedInstance instance)
    {
        lock (_writeLock)
        {
            SetUnderLock(instance);
        }
    }

    public void Remove(string tenantId)
    {
        lock (_writeLock)
        {
            _cache.Remove(tenantId);
        }
    }

    /// <summary>Replaces the whole content (as the official clients' getAll does).</summary>
    public void ReplaceAll(IReadOnlyList<ManagedInstance> instances)
    {
        lock (_writeLock)
        {
            _cache.Clear();
            // Only the last `capacity` ones would survive anyway; skip adding what would be evicted at once.
            for (var index = Math.Max(0, instances.Count - _capacity); index < instances.Count; index++)
            {
                SetUnderLock(instances[index]);
            }
        }
    }

    public void Dispose() => _cache.Dispose();

    private void SetUnderLock(ManagedInstance instance)
    {
        _cache.Remove(instance.TenantId);
        var count = _cache.Count;
        if (count >= _capacity)
        {
            // Compact(p) removes (int)(count × p) entries; the half keeps floating-point error from rounding down.
            var toRemove = count - _capacity + 1;
            _cache.Compact((toRemove + 0.5) / count);
        }

        _cache.Set(instance.TenantId, instance, _entryOptions);
    }
}
