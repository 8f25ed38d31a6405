using System.Diagnostics.Metrics;

namespace InstanceManager.Diagnostics;

/// <summary>
/// The client's instruments, on a meter from <see cref="IMeterFactory"/> when the host registers one (so that
/// each service provider has its own), else on a meter of its own. Tenant ids are never tags: they would make
/// the number of time series grow with the number of tenants.
/// </summary>
internal sealed class InstanceManagerMetrics : IDisposable
{
    private readonly Meter _meter;

    public InstanceManagerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(InstanceManagerTelemetry.Name) ?? new Meter(InstanceManagerTelemetry.Name);
        OperationDuration = _meter.CreateHistogram<double>(InstanceManagerTelemetry.OperationDuration, "s", "Duration of instance manager operations.");
        ActiveOperations = _meter.CreateUpDownCounter<long>(InstanceManagerTelemetry.ActiveOperations, "{operation}", "Operations in flight.");
        Polls = _meter.CreateHistogram<int>(InstanceManagerTelemetry.Polls, "{poll}", "Polls made by one asynchronous operation.");
        CacheHits = _meter.CreateCounter<long>(InstanceManagerTelemetry.CacheHits, "{hit}", "Cache hits of GetAsync.");
        CacheMisses = _meter.CreateCounter<long>(InstanceManagerTelemetry.CacheMisses, "{miss}", "Cache misses of GetAsync.");
        Retries = _meter.CreateCounter<long>(InstanceManagerTelemetry.Retries, "{retry}", "HTTP retries after transient faults.");
        RateLimitedResponses = _meter.CreateCounter<long>(InstanceManagerTelemetry.RateLimitedResponses, "{response}", "Answers that asked the client to slow down (429, or 503 with a wait).");
        RateLimitWait = _meter.CreateHistogram<double>(InstanceManagerTelemetry.RateLimitWait, "s", "Time a request waited before being sent because its service host asked to slow down.");
        QueuedRequests = _meter.CreateUpDownCounter<long>(InstanceManagerTelemetry.QueuedRequests, "{request}", "Requests waiting for one of the MaxConcurrentRequests slots of their service host.");
    }

    public Histogram<double> OperationDuration { get; }

    public UpDownCounter<long> ActiveOperations { get; }

    public Histogram<int> Polls { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> CacheMisses { get; }

    public Counter<long> Retries { get; }

    public Counter<long> RateLimitedResponses { get; }

    public Histogram<double> RateLimitWait { get; }

    public UpDownCounter<long> QueuedRequests { get; }

    public void Dispose() => _meter.Dispose();
}
