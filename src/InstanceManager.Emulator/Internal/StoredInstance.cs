namespace InstanceManager.Emulator.Internal;

/// <summary>
/// One tenant's instance as the emulator keeps it. Its status is not stored but derived from the clock, so a test
/// on a fake clock sees it change exactly when it moves time.
/// </summary>
internal sealed class StoredInstance
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string ManagedServiceId { get; init; }

    public required string ManagedPlanId { get; init; }

    public required DateTimeOffset CreatedOn { get; init; }

    public string? ProvisioningParameters { get; init; }

    public string? BindingParameters { get; init; }

    /// <summary>Decided when the creation starts (a failure pattern matched).</summary>
    public bool CreationFails { get; init; }

    public DateTimeOffset? DeletionRequestedOn { get; set; }

    public bool DeletionFails { get; set; }
}
