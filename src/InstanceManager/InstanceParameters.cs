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
}
