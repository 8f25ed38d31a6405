namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>A service instance of the emulated broker, with its operations and bindings.</summary>
internal sealed class BrokerInstance
{
    public required string Id { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; set; }

    /// <summary>The <c>parameters</c> object as JSON text, or <see langword="null"/>.</summary>
    public string? Parameters { get; set; }

    /// <summary>The provision request's <c>organization_guid</c> and <c>space_guid</c>, part of what makes a repeat identical.</summary>
    public required string Placement { get; init; }

    /// <summary>The tenant the credentials and failure patterns are derived from: the context's <c>tenant_id</c>, else its <c>instance_name</c>, else the id.</summary>
    public required string TenantId { get; init; }

    public required BrokerOperation Provisioning { get; init; }

    /// <summary>The latest operation: the provision, an update or the deprovision.</summary>
    public required BrokerOperation LastOperation { get; set; }

    /// <summary>Every operation of the instance by id, so that a finished one stays answerable.</summary>
    public Dictionary<string, BrokerOperation> Operations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BrokerBinding> Bindings { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the instance exists at <paramref name="now"/>: provisioned, and not deprovisioned.</summary>
    public bool ExistsAt(DateTimeOffset now) =>
        Provisioning.StateAt(now) == ServiceManager.ServiceManagerOperation.Succeeded && !IsGoneAt(now);

    /// <summary>Whether a deprovision of the instance succeeded by <paramref name="now"/>.</summary>
    public bool IsGoneAt(DateTimeOffset now) =>
        LastOperation.Type == BrokerOperation.Deprovision && LastOperation.StateAt(now) == ServiceManager.ServiceManagerOperation.Succeeded;
}
