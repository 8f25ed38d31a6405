using System.Text.Json;

namespace InstanceManager.Cli.Output;

/// <summary>What the tool shows of an instance: never a credential value unless asked for.</summary>
internal static class InstanceView
{
    /// <summary>What every credential value is replaced with unless <c>--show-credentials</c> is given.</summary>
    public const string Mask = "***";

    private static readonly JsonElement MaskElement = JsonSerializer.SerializeToElement(Mask, CliJsonContext.Default.String);

    /// <summary>The tenant, its status and when it was created and last updated.</summary>
    public static InstanceSummary Summary(ManagedInstance instance) =>
        new(instance.TenantId, instance.StatusText, Timestamp(instance, "created_on", "created_at"), Timestamp(instance, "updated_on", "updated_at"));

    /// <summary>The summary, the failure message and the credentials' keys, with their values only when <paramref name="showCredentials"/>.</summary>
    public static InstanceDetails Details(ManagedInstance instance, bool showCredentials)
    {
        Dictionary<string, JsonElement>? credentials = null;
        if (instance.Credentials is { ValueKind: JsonValueKind.Object } values)
        {
            credentials = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in values.EnumerateObject())
            {
                credentials[property.Name] = showCredentials ? property.Value.Clone() : MaskElement;
            }
        }

        var summary = Summary(instance);
        return new InstanceDetails(summary.Tenant, summary.Status, summary.Created, summary.Updated, instance.FailedMessage, credentials);
    }

    /// <summary>A credential's value as text: strings as they are, anything else as its JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>The Instance Manager says <c>created_on</c>/<c>updated_on</c>, the Service Manager <c>created_at</c>/<c>updated_at</c>.</summary>
    private static string? Timestamp(ManagedInstance instance, string instanceManagerName, string serviceManagerName)
    {
        foreach (var name in (ReadOnlySpan<string>)[instanceManagerName, serviceManagerName])
        {
            if (instance.AdditionalProperties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }
}
