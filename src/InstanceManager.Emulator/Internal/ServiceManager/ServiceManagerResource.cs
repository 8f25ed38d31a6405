namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// A service instance or binding as the emulator keeps it. Whether it is ready or gone is not stored but derived from
/// its operations and the clock, so a test on a fake clock sees it change exactly when it moves time.
/// </summary>
internal sealed class ServiceManagerResource
{
    public const string Instances = "service_instances";
    public const string Bindings = "service_bindings";

    /// <summary><see cref="Instances"/> or <see cref="Bindings"/>.</summary>
    public required string ResourceType { get; init; }

    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>An instance's plan.</summary>
    public string? ServicePlanId { get; init; }

    /// <summary>A binding's instance.</summary>
    public string? ServiceInstanceId { get; init; }

    public Dictionary<string, List<string>> Labels { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The <c>parameters</c> object as JSON text, or <see langword="null"/>.</summary>
    public string? Parameters { get; init; }

    /// <summary>The tenant the emulated credentials and the failure patterns are derived from.</summary>
    public required string TenantId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Orders lists and paging tokens: creation order, never reused.</summary>
    public required long Sequence { get; init; }

    public required string CreateOperationId { get; init; }

    /// <summary>The broker the resource's plan belongs to, when it is not one of the built-in plans.</summary>
    public string? BrokerId { get; init; }

    /// <summary>A brokered binding's credentials as the broker returned them (JSON text), once it is ready.</summary>
    public string? Credentials { get; set; }

    /// <summary>The latest delete operation, if a deletion was ever requested.</summary>
    public string? DeleteOperationId { get; set; }

    /// <summary>The <c>tenant_id</c> label's first value: what the request log shows.</summary>
    public string? TenantLabel => Labels.TryGetValue("tenant_id", out var values) && values.Count > 0 ? values[0] : null;
}
