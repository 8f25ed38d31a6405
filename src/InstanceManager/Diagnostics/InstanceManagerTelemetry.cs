using System.Diagnostics;

namespace InstanceManager;

/// <summary>
/// The names under which the client reports traces and metrics. Enable them with OpenTelemetry:
/// <c>.WithTracing(t =&gt; t.AddSource("InstanceManager")).WithMetrics(m =&gt; m.AddMeter("InstanceManager"))</c>.
/// </summary>
public static class InstanceManagerTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "InstanceManager";

    /// <summary>Operation duration in seconds (histogram; tags <c>instance_manager.operation</c>, <c>instance_manager.backend</c>, <c>instance_manager.outcome</c>).</summary>
    public const string OperationDuration = "instance_manager.operation.duration";

    /// <summary>Operations in flight (up-down counter; tag <c>instance_manager.operation</c>).</summary>
    public const string ActiveOperations = "instance_manager.operation.active";

    /// <summary>Polls made by one asynchronous operation (histogram; tag <c>instance_manager.operation</c>).</summary>
    public const string Polls = "instance_manager.operation.polls";

    /// <summary>Cache hits of <c>GetAsync</c> (counter).</summary>
    public const string CacheHits = "instance_manager.cache.hits";

    /// <summary>Cache misses of <c>GetAsync</c> (counter).</summary>
    public const string CacheMisses = "instance_manager.cache.misses";

    /// <summary>HTTP retries after transient faults (counter; tag <c>http.request.method</c>).</summary>
    public const string Retries = "instance_manager.http.retries";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(InstanceManagerTelemetry).Assembly.GetName().Version?.ToString());
}
