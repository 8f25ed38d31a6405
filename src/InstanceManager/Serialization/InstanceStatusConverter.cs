using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Serialization;

/// <summary>
/// Maps the service's status strings to <see cref="InstanceStatus"/>. A value this library does not know becomes
/// <see cref="InstanceStatus.Unknown"/> instead of an exception, so a new server status never breaks callers.
/// </summary>
internal sealed class InstanceStatusConverter : JsonConverter<InstanceStatus>
{
    public override InstanceStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("The instance status is not a string.");
        }

        if (reader.ValueTextEquals("CREATION_SUCCEEDED"u8))
        {
            return InstanceStatus.CreationSucceeded;
        }

        if (reader.ValueTextEquals("CREATION_IN_PROGRESS"u8))
        {
            return InstanceStatus.CreationInProgress;
        }

        if (reader.ValueTextEquals("CREATION_FAILED"u8))
        {
            return InstanceStatus.CreationFailed;
        }

        if (reader.ValueTextEquals("DELETION_IN_PROGRESS"u8))
        {
            return InstanceStatus.DeletionInProgress;
        }

        if (reader.ValueTextEquals("DELETION_FAILED"u8))
        {
            return InstanceStatus.DeletionFailed;
        }

        return InstanceStatus.Unknown;
    }

    public override void Write(Utf8JsonWriter writer, InstanceStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToWireName(value));
    }

    public static string ToWireName(InstanceStatus status) => status switch
    {
        InstanceStatus.CreationInProgress => "CREATION_IN_PROGRESS",
        InstanceStatus.CreationSucceeded => "CREATION_SUCCEEDED",
        InstanceStatus.CreationFailed => "CREATION_FAILED",
        InstanceStatus.DeletionInProgress => "DELETION_IN_PROGRESS",
        InstanceStatus.DeletionFailed => "DELETION_FAILED",
        _ => "UNKNOWN",
    };
}
