using System.Diagnostics.Metrics;

namespace InstanceManager.Redis.Diagnostics;

/// <summary>
/// The package's instruments, on the client's meter name (<see cref="InstanceManagerTelemetry.Name"/>), so that
/// <c>AddMeter("InstanceManager")</c> collects them too.
/// </summary>
internal sealed class RedisMetrics : IDisposable
{
    public const string Hits = "instance_manager.redis.hits";
    public const string Misses = "instance_manager.redis.misses";
    public const string Shared = "instance_manager.redis.shared";
    public const string Errors = "instance_manager.redis.errors";
    public const string Invalidations = "instance_manager.redis.invalidations";
    public const string Stale = "instance_manager.redis.stale";
    public const string CommandTag = "instance_manager.redis.command";

    private readonly Meter _meter;

    public RedisMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(InstanceManagerTelemetry.Name) ?? new Meter(InstanceManagerTelemetry.Name);
        SharedHits = _meter.CreateCounter<long>(Hits, "{hit}", "Misses of the in-process cache answered by the shared cache in Redis.");
        SharedMisses = _meter.CreateCounter<long>(Misses, "{miss}", "Misses of the in-process cache that asked the service.");
        SharedResults = _meter.CreateCounter<long>(Shared, "{call}", "Gets, creates and lists answered by another replica's service call.");
        CommandErrors = _meter.CreateCounter<long>(Errors, "{error}", "Redis commands that failed or timed out (the call then went to the service).");
        StaleDiscarded = _meter.CreateCounter<long>(Stale, "{read}", "Reads from the service (a tenant, the list) not shared because a tenant was invalidated while they ran.");
        InvalidationsReceived = _meter.CreateCounter<long>(Invalidations, "{message}", "Tenants dropped from the in-process cache on another replica's message.");
    }

    public Counter<long> SharedHits { get; }

    public Counter<long> SharedMisses { get; }

    public Counter<long> SharedResults { get; }

    public Counter<long> CommandErrors { get; }

    public Counter<long> InvalidationsReceived { get; }

    public Counter<long> StaleDiscarded { get; }

    public void Dispose() => _meter.Dispose();
}
