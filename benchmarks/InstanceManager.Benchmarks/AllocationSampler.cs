using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace InstanceManager.Benchmarks;

/// <summary>
/// Which types a piece of code allocates, from the runtime's allocation sampling (one event about every 100 KB
/// allocated, naming the type of the object that crossed the mark): proportional to the bytes each type takes.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GCAllocationTick = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    public IReadOnlyList<(string Type, double Share)> Stop()
    {
        _recording = false;
        var total = (double)Math.Max(1, _bytes.Values.Sum());
        return [.. _bytes.OrderByDescending(pair => pair.Value).Select(pair => (pair.Key, pair.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != GCAllocationTick || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
