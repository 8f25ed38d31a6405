using Polly;

namespace InstanceManager.RateLimiting;

/// <summary>Polly requires options for every strategy added to a pipeline; the gate's settings come from <see cref="InstanceManagerOptions"/>.</summary>
internal sealed class HostRequestGateOptions : ResilienceStrategyOptions
{
    public HostRequestGateOptions() => Name = "InstanceManager.HostRequestGate";
}
