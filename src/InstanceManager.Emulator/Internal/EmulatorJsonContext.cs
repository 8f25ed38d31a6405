using System.Text.Json.Serialization;
using InstanceManager.Emulator.Internal.ServiceManager;

namespace InstanceManager.Emulator.Internal;

/// <summary>The emulator's own JSON: the state file and the admin API.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<StoredInstance>))]
[JsonSerializable(typeof(EmulatorFailures))]
[JsonSerializable(typeof(ServiceManagerState))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
