namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>A registered broker as the Service Manager keeps it (in <c>service-manager.json</c> with the rest of its state).</summary>
internal sealed class ServiceBrokerRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The base URL as registered (no trailing slash).</summary>
    public required string BrokerUrl { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public Dictionary<string, List<string>> Labels { get; init; } = new(StringComparer.Ordinal);

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The broker's catalog as fetched at registration (JSON text).</summary>
    public required string Catalog { get; init; }

    /// <summary>The Service Manager's ids of the broker's offerings and plans: <c>offering:&lt;catalog id&gt;</c> or <c>plan:&lt;catalog id&gt;</c> → id.</summary>
    public Dictionary<string, string> Ids { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Orders the list of brokers: registration order.</summary>
    public required long Sequence { get; init; }
}
