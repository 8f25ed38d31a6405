namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>An asynchronous operation of the emulated broker: in progress until <see cref="CompletesAt"/> on the emulator's clock.</summary>
internal sealed class BrokerOperation
{
    public const string Provision = "provision";
    public const string Update = "update";
    public const string Deprovision = "deprovision";

    public required string Id { get; init; }

    /// <summary><see cref="Provision"/>, <see cref="Update"/> or <see cref="Deprovision"/>.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset CompletesAt { get; init; }

    /// <summary>Why the operation fails (decided when it starts), else <see langword="null"/>.</summary>
    public string? Failure { get; init; }

    public string StateAt(DateTimeOffset now) =>
        now < CompletesAt ? ServiceManager.ServiceManagerOperation.InProgress : Failure is null ? ServiceManager.ServiceManagerOperation.Succeeded : ServiceManager.ServiceManagerOperation.Failed;

    public bool RunningAt(DateTimeOffset now) => now < CompletesAt;
}
