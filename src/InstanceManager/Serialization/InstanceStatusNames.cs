namespace InstanceManager.Serialization;

/// <summary>
/// The service's status strings. A value this library does not know becomes <see cref="InstanceStatus.Unknown"/>
/// instead of an exception, so a new server status never breaks callers.
/// </summary>
internal static class InstanceStatusNames
{
    public static InstanceStatus Parse(string? value) => value switch
    {
        "CREATION_SUCCEEDED" => InstanceStatus.CreationSucceeded,
        "CREATION_IN_PROGRESS" => InstanceStatus.CreationInProgress,
        "CREATION_FAILED" => InstanceStatus.CreationFailed,
        "DELETION_IN_PROGRESS" => InstanceStatus.DeletionInProgress,
        "DELETION_FAILED" => InstanceStatus.DeletionFailed,
        _ => InstanceStatus.Unknown,
    };

    public static string Format(InstanceStatus status) => status switch
    {
        InstanceStatus.CreationInProgress => "CREATION_IN_PROGRESS",
        InstanceStatus.CreationSucceeded => "CREATION_SUCCEEDED",
        InstanceStatus.CreationFailed => "CREATION_FAILED",
        InstanceStatus.DeletionInProgress => "DELETION_IN_PROGRESS",
        InstanceStatus.DeletionFailed => "DELETION_FAILED",
        _ => "UNKNOWN",
    };
}
