using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Configuration.Bindings;

/// <summary>Reads <c>.metadata</c> files, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(BindingMetadata))]
internal sealed partial class BindingMetadataJsonContext : JsonSerializerContext;
