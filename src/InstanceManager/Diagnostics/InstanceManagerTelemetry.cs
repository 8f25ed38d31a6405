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

    /// <summary>Tag: the operation (<c>Create</c>, <c>Get</c>, <c>GetAll</c>, <c>Delete</c>).</summary>
    public const string OperationTag = "instance_manager.operation";

    /// <summary>Tag: the backend serving the operation (<c>instance-manager</c>).</summary>
    public const string BackendTag = "instance_manager.backend";

    /// <summary>
    /// Tag: how the operation ended: <c>success</c>, <c>not_found</c> (a get or list found nothing), <c>failed</c> (the
    /// instance ended in a failed status), <c>timeout</c> (polling timed out), <c>error</c> (any other failure),
    /// <c>cancelled</c>.
    /// </summary>
    public const string OutcomeTag = "instance_manager.outcome";

    /// <summary>Activity tag: the tenant id. Never a metric tag: tenants are unbounded.</summary>
    public const string TenantTag = "instance_manager.tenant_id";

    /// <summary>Activity tag: the number of polls an operation made.</summary>
    public const string PollsTag = "instance_manager.polls";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(InstanceManagerTelemetry).Assembly.GetName().Version?.ToString());
}
