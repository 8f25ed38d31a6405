namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>What <c>service-manager.json</c> holds.</summary>
internal sealed class ServiceManagerState
{
    public List<ServiceManagerResource> Resources { get; init; } = [];

    public List<ServiceManagerOperation> Operations { get; init; } = [];

    public List<ServiceBrokerRecord> Brokers { get; init; } = [];

    public long NextSequence { get; init; }

    /// <summary>The key that signs access tokens (Base64), kept so that tokens stay valid across restarts.</summary>
    public string? TokenKey { get; init; }
}
