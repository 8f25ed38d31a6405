using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Serialization;

/// <summary>
/// Reads an instance as one <see cref="JsonElement"/> and interprets only <c>tenant_id</c>, <c>status</c>,
/// <c>credentials</c> and <c>failed_message</c>. Every other field stays in that element, reachable through
/// <see cref="ManagedInstance.AdditionalProperties"/>. One parsed element per instance (instead of one per field)
/// keeps a list of tens of thousands of instances to a few allocations each.
/// </summary>
internal sealed class ManagedInstanceConverter : JsonConverter<ManagedInstance>
{
    public const string TenantIdName = "tenant_id";
    public const string StatusName = "status";
    public const string CredentialsName = "credentials";
    public const string FailedMessageName = "failed_message";

    public override ManagedInstance Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromElement(JsonElement.ParseValue(ref reader));

    /// <summary>Interprets an instance already parsed; <paramref name="json"/> must outlive it (a clone, a parsed value, or part of a document never disposed).</summary>
    /// <param name="json">The instance.</param>
    /// <param name="list">The parsed list <paramref name="json"/> is part of, if it is (see <see cref="ManagedInstance.List"/>).</param>
    public static ManagedInstance FromElement(JsonElement json, ListDocument? list = null)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"An instance must be a JSON object, not {json.ValueKind}.");
        }

        return new ManagedInstance(json, list)
        {
            TenantId = RequiredString(json, TenantIdName),
            Status = InstanceStatusNames.Parse(RequiredStringElement(json, StatusName)),
            Credentials = json.TryGetProperty(CredentialsName, out var credentials) && credentials.ValueKind == JsonValueKind.Object ? credentials : null,
            FailedMessage = json.TryGetProperty(FailedMessageName, out var failed) && failed.ValueKind == JsonValueKind.String ? failed.GetString() : null,
        };
    }

    public override void Write(Utf8JsonWriter writer, ManagedInstance value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(TenantIdName, value.TenantId);
        writer.WriteString(StatusName, value.StatusText);
        if (value.Credentials is { } credentials)
        {
            writer.WritePropertyName(CredentialsName);
            credentials.WriteTo(writer);
        }

        if (value.FailedMessage is not null)
        {
            writer.WriteString(FailedMessageName, value.FailedMessage);
        }

        foreach (var (name, element) in value.AdditionalProperties)
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    public static bool IsInterpreted(string name) =>
        name is TenantIdName or StatusName or CredentialsName or FailedMessageName;

    private static string RequiredString(JsonElement json, string name) =>
        RequiredStringElement(json, name).GetString()!;

    private static JsonElement RequiredStringElement(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value
            : throw new JsonException($"The instance has no string '{name}'.");
}
