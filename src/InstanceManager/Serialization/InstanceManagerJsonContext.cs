using System.Text.Json.Serialization;

namespace InstanceManager.Serialization;

/// <summary>The wire format, generated at compile time.</summary>
[JsonSerializable(typeof(ManagedInstance))]
[JsonSerializable(typeof(CreateInstanceRequest))]
internal sealed partial class InstanceManagerJsonContext : JsonSerializerContext;
