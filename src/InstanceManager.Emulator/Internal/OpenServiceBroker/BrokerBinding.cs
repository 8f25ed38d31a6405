namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>A binding of the emulated broker: created synchronously, so it exists from its bind on.</summary>
/// <param name="Id">The binding id.</param>
/// <param name="ServiceId">The offering's id in the bind request.</param>
/// <param name="PlanId">The plan's id in the bind request.</param>
/// <param name="Parameters">The <c>parameters</c> object as JSON text, or <see langword="null"/>.</param>
internal sealed record BrokerBinding(string Id, string ServiceId, string PlanId, string? Parameters);
