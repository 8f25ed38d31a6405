using System.Text.Json;

namespace InstanceManager.Serialization;

/// <summary>
/// The service's status strings. A value this library does not know becomes <see cref="InstanceStatus.Unknown"/>
/// instead of an exception, so a new server status never breaks callers.
/// </summary>
internal static class InstanceStatusNames
{
    /// <summary>The status of a JSON string, compared without building it as a string.</summary>
    public static InstanceStatus Parse(JsonElement value) =>
        value.ValueEquals("CREATION_SUCCEEDED"u8) ? InstanceStatus.CreationSucceeded
        : value.ValueEquals("CREATION_IN_PROGRESS"u8) ? InstanceStatus.CreationInProgress
        : value.ValueEquals("CREATION_FAILED"u8) ? InstanceStatus.CreationFailed
        : value.ValueEquals("DELETION_IN_PROGRESS"u8) ? InstanceStatus.DeletionInProgress
        : value.ValueEquals("DELETION_FAILED"u8) ? InstanceStatus.DeletionFailed
        : InstanceStatus.Unknown;

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
