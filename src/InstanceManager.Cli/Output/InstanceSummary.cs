using System.Text.Json.Serialization;

namespace InstanceManager.Cli.Output;

/// <summary>One instance of <c>list</c>: one JSON line each with <c>--json</c>, one table row each without.</summary>
internal sealed record InstanceSummary(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created")] string? Created,
    [property: JsonPropertyName("updated")] string? Updated);
