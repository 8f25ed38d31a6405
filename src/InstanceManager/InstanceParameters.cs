using System.Text.Json.Nodes;

namespace InstanceManager;

/// <summary>
/// Parameters sent when an instance is created, as the body
/// <c>{"provisioning_parameters": …, "binding_parameters": …}</c>. Absent parameters are omitted; when
/// both are absent no body is sent.
/// </summary>
public sealed class InstanceParameters
{
    /// <summary>Parameters for the creation of the service instance (for HANA, for example <c>{"database_id": "…"}</c>).</summary>
    public JsonObject? ProvisioningParameters { get; init; }

    /// <summary>Parameters for the creation of the instance's binding.</summary>
    public JsonObject? BindingParameters { get; init; }

    internal bool IsEmpty => ProvisioningParameters is null && BindingParameters is null;

    /// <summary>
    /// The call's parameters over the defaults: each parameter the call passes replaces the default of the same name
    /// (top-level names; objects are not merged recursively). The defaults are copied, never changed.
    /// </summary>
    internal static InstanceParameters? Merge(InstanceParameters? defaults, InstanceParameters? call)
    {
        if (defaults is null || defaults.IsEmpty)
        {
            return call;
        }

        return new InstanceParameters
        {
            ProvisioningParameters = Merge(defaults.ProvisioningParameters, call?.ProvisioningParameters),
            BindingParameters = Merge(defaults.BindingParameters, call?.BindingParameters),
        };
    }

    private static JsonObject? Merge(JsonObject? defaults, JsonObject? call)
    {
        if (defaults is null)
        {
            return call;
        }

        var merged = (JsonObject)defaults.DeepClone();
        foreach (var (name, value) in call ?? [])
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }
}
