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

    /// <summary>Answers that asked the client to slow down: 429, or 503 with a wait (counter; tag <c>server.address</c>).</summary>
    public const string RateLimitedResponses = "instance_manager.http.rate_limited";

    /// <summary>Time a request waited before being sent because its service host asked to slow down (histogram, seconds; tag <c>server.address</c>).</summary>
    public const string RateLimitWait = "instance_manager.http.rate_limit_wait";

    /// <summary>Requests waiting for one of the <see cref="InstanceManagerOptions.MaxConcurrentRequests"/> slots of their service host (up-down counter; tag <c>server.address</c>).</summary>
    public const string QueuedRequests = "instance_manager.http.queued";

    /// <summary>Tag: the correlation id of the service's last answer (<c>X-Correlation-ID</c> or <c>X-Vcap-Request-Id</c>), on the operation's activity.</summary>
    public const string CorrelationIdTag = "instance_manager.correlation_id";

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
