using StackExchange.Redis;

namespace InstanceManager.Redis.Coordination;

/// <summary>The names of one managed service's keys and channel, all under one prefix.</summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The channel on which replicas announce tenants to drop.</summary>
    public RedisChannel Invalidations { get; } = RedisChannel.Literal(prefix + "invalidations");

    /// <summary>The shared (encrypted) entry of a tenant's usable instance.</summary>
    public string Instance(string tenantId) => $"{Prefix}tenant:{tenantId}";

    public string GetLock(string tenantId) => $"{Prefix}lock:get:{tenantId}";

    public string CreateLock(string tenantId) => $"{Prefix}lock:create:{tenantId}";

    /// <summary>
    /// A tenant's generation, incremented by every invalidation (a delete, a create, <c>InvalidateAsync</c>): what a
    /// replica read from the service is shared only if the generation did not change since before it read.
    /// </summary>
    public string Generation(string tenantId) => $"{Prefix}generation:tenant:{tenantId}";

    /// <summary>The generation of every tenant at once, for lists: incremented with each tenant's.</summary>
    public string ListGeneration => $"{Prefix}generation:list";

    /// <summary>What a lock holder read from the service (an instance, or none), tagged with the tenant's generation, for the replicas that waited on its lock.</summary>
    public string Fetched(string token) => $"{Prefix}fetched:{token}";

    /// <summary>The instance a lock holder created, for the replicas that waited on its lock.</summary>
    public string Created(string token) => $"{Prefix}created:{token}";

    public string ListLock => $"{Prefix}lock:list";

    /// <summary>The token of the latest list, while it may be reused.</summary>
    public string LatestList => $"{Prefix}list";

    /// <summary>The lease of the replica that runs the tenant reconciliation.</summary>
    public string ReconciliationLease => $"{Prefix}lease:reconciliation";

    /// <summary>A list a lock holder downloaded.</summary>
    public string List(string token) => $"{Prefix}list:{token}";
}
