using System.Text.Json.Serialization;

namespace InstanceManager.Cli.Output;

/// <summary>The tool's JSON output, one line per document; absent values are left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceSummary))]
[JsonSerializable(typeof(InstanceDetails))]
[JsonSerializable(typeof(ReconcileDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
