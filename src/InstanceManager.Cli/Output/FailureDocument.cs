using System.Text.Json.Serialization;

namespace InstanceManager.Cli.Output;

/// <summary>A tenant that did not converge, in the report of <c>reconcile --json</c>.</summary>
internal sealed record FailureDocument(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("error")] string Error);
