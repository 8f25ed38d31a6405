namespace InstanceManager.Configuration.Bindings;

/// <summary>The bindings read from one source, and how to name that source in messages.</summary>
/// <param name="Description">The source, for example <c>VCAP_SERVICES</c> or <c>SERVICE_BINDING_ROOT (/bindings)</c>.</param>
/// <param name="Bindings">The bindings found there.</param>
internal sealed record BindingSource(string Description, IReadOnlyList<DiscoveredBinding> Bindings);
