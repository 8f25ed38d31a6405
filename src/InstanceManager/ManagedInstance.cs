using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstanceManager.Serialization;

namespace InstanceManager;

/// <summary>
/// One tenant's service instance as the service returned it. Fields this library does not interpret are kept in
/// <see cref="AdditionalProperties"/>, so nothing the server sent is lost.
/// </summary>
/// <remarks>Instances are shared between callers through the cache: treat them as read-only.</remarks>
[JsonConverter(typeof(ManagedInstanceConverter))]
public sealed class ManagedInstance
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoProperties = new Dictionary<string, JsonElement>();

    private readonly JsonElement? _json;
    private IReadOnlyDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>Creates an instance, for example in a test double of <see cref="IInstanceManagerClient"/>.</summary>
    public ManagedInstance()
    {
    }

    internal ManagedInstance(JsonElement json, ListDocument? list = null)
    {
        _json = json;
        List = list;
    }

    /// <summary>
    /// The parsed list this instance's JSON is part of, which stays alive as long as the instance does; the cache
    /// keeps <see cref="Detached"/> copies unless it keeps most of the list anyway.
    /// </summary>
    internal ListDocument? List { get; }

    /// <summary>Whether this instance's JSON is part of a parsed <see cref="List"/>.</summary>
    internal bool SharesDocument => List is not null;

    /// <summary>This instance, or a copy of it that owns its JSON when it is part of a <see cref="List"/>.</summary>
    internal ManagedInstance Detached() =>
        SharesDocument && _json is { } json ? ManagedInstanceConverter.FromElement(json.Clone()) : this;

    /// <summary>The tenant the instance belongs to (<c>tenant_id</c>).</summary>
    public string TenantId { get; init; } = string.Empty;

    /// <summary>The lifecycle status (<c>status</c>); <see cref="InstanceStatus.Unknown"/> for a value this library does not know.</summary>
    public InstanceStatus Status { get; init; }

    /// <summary>The instance's credentials object (<c>credentials</c>); <see langword="null"/> while the instance is not usable.</summary>
    /// <remarks>Contains secrets: never log it. <see cref="ToString"/> prints its keys only.</remarks>
    public JsonElement? Credentials { get; init; }

    /// <summary>Why the last operation failed (<c>failed_message</c>); present only after a failure.</summary>
    public string? FailedMessage { get; init; }

    /// <summary>Every other field the server sent (for example <c>id</c>, <c>managed_service_id</c>, <c>created_on</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => _additionalProperties ??= CollectAdditionalProperties();
        init => _additionalProperties = value is null ? null : new Dictionary<string, JsonElement>(value, StringComparer.Ordinal);
    }

    /// <summary>The status as the service spelled it (an unknown one included).</summary>
    internal string StatusText =>
        _json is { } json && json.TryGetProperty(ManagedInstanceConverter.StatusName, out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()!
            : InstanceStatusNames.Format(Status);

    /// <summary>Reads one credential as a string (numbers and booleans are returned as their JSON text).</summary>
    /// <param name="name">The credential's key, for example <c>host</c> or <c>schema</c>.</param>
    /// <returns>The value, or <see langword="null"/> when the instance has no credentials or no such key.</returns>
    public string? GetCredential(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Credentials is not { ValueKind: JsonValueKind.Object } credentials || !credentials.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>Describes the instance without credential values.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("ManagedInstance { TenantId = ").Append(TenantId).Append(", Status = ").Append(Status);
        if (FailedMessage is not null)
        {
            text.Append(", FailedMessage = ").Append(FailedMessage);
        }

        if (Credentials is { ValueKind: JsonValueKind.Object } credentials)
        {
            text.Append(", Credentials = [");
            var first = true;
            foreach (var property in credentials.EnumerateObject())
            {
                text.Append(first ? string.Empty : ", ").Append(property.Name);
                first = false;
            }

            text.Append("] (values hidden)");
        }

        return text.Append(" }").ToString();
    }

    private IReadOnlyDictionary<string, JsonElement> CollectAdditionalProperties()
    {
        if (_json is not { } json)
        {
            return NoProperties;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (!ManagedInstanceConverter.IsInterpreted(property.Name))
            {
                properties[property.Name] = property.Value;
            }
        }

        return properties;
    }
}
