using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.Cli.Output;

/// <summary>The tool's JSON output, one line per document; absent values are left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceSummary))]
[JsonSerializable(typeof(InstanceDetails))]
[JsonSerializable(typeof(ReconcileDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the tool writes with: quotes and non-ASCII letters as they are (<c>'acme'</c>, not
    /// <c>\u0027acme\u0027</c>), as the output goes to terminals, files and JSON parsers, never into HTML.
    /// </summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
