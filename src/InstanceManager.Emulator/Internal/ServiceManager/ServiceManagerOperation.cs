namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// An asynchronous operation on a resource. Its state follows from the clock: in progress until <see cref="CompletesAt"/>;
/// an operation forwarded to a broker stays in progress until the broker's answer replaces it with a completed copy.
/// </summary>
internal sealed record ServiceManagerOperation
{
    public const string Create = "create";
    public const string Delete = "delete";

    public const string InProgress = "in progress";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public required string Id { get; init; }

    /// <summary><see cref="Create"/> or <see cref="Delete"/>.</summary>
    public required string Type { get; init; }

    public required string ResourceType { get; init; }

    public required string ResourceId { get; init; }

    /// <summary>The resource's <c>tenant_id</c> label, for the request log of polls after the resource is gone.</summary>
    public string? TenantLabel { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletesAt { get; init; }

    /// <summary>The error name when the operation fails (decided when it starts), else <see langword="null"/>.</summary>
    public string? Error { get; init; }

    public string? ErrorDescription { get; init; }

    /// <summary>Whether the operation waits for a broker (its state is then <see cref="InProgress"/> whatever the clock says).</summary>
    public bool AwaitsBroker { get; init; }

    public string StateAt(DateTimeOffset now) => AwaitsBroker || now < CompletesAt ? InProgress : Error is null ? Succeeded : Failed;
}
