namespace InstanceManager.Caching;

/// <summary>One tenant's cached instance, with what eviction needs to know about it.</summary>
internal sealed class CacheEntry(ManagedInstance instance, long expiresAt, long lastAccess)
{
    public ManagedInstance Instance { get; } = instance;

    /// <summary>The cache clock's timestamp from which the entry is no longer valid.</summary>
    public long ExpiresAt { get; } = expiresAt;

    /// <summary>
    /// The access stamp of the last hit (or of the store), from one counter shared by the cache: the LRU order.
    /// Written by concurrent hits without a lock; a torn ordering between two simultaneous hits does not matter.
    /// </summary>
    public long LastAccess { get; set; } = lastAccess;

    /// <summary>Whether the entry has left the cache (replaced, removed or evicted); written under the cache's write lock.</summary>
    public bool Removed { get; set; }
}
