using System.Text.Json;

namespace InstanceManager.ServiceManagement;

/// <summary>The fields of a Service Manager resource that its model does not interpret, kept so that nothing the server sent is lost.</summary>
internal static class ExtensionProperties
{
    public static readonly IReadOnlyDictionary<string, JsonElement> None = new Dictionary<string, JsonElement>();

    /// <summary>A private copy, so that a model built in code does not change when the caller's dictionary does.</summary>
    public static Dictionary<string, JsonElement>? Copy(IReadOnlyDictionary<string, JsonElement>? properties) =>
        properties is null ? null : new Dictionary<string, JsonElement>(properties, StringComparer.Ordinal);
}
