using System.Text.Json.Serialization;
using InstanceManager.Reconciliation;

namespace InstanceManager.Cli.Output;

/// <summary>The report of <c>reconcile --json</c>: one JSON object.</summary>
internal sealed record ReconcileDocument(
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("converged")] bool Converged,
    [property: JsonPropertyName("created")] IReadOnlyList<string> Created,
    [property: JsonPropertyName("healed")] IReadOnlyList<string> Healed,
    [property: JsonPropertyName("repaired")] IReadOnlyList<string> Repaired,
    [property: JsonPropertyName("deleted")] IReadOnlyList<string> Deleted,
    [property: JsonPropertyName("orphans")] IReadOnlyList<string> Orphans,
    [property: JsonPropertyName("failed")] IReadOnlyList<FailureDocument> Failed,
    [property: JsonPropertyName("unchanged")] int Unchanged,
    [property: JsonPropertyName("deletionsCapped")] int DeletionsCapped)
{
    public static ReconcileDocument From(ReconciliationReport report) => new(
        report.IsDryRun,
        report.Converged,
        report.Created,
        report.Healed,
        report.Repaired,
        report.Deleted,
        report.Orphans,
        [.. report.Failed.Select(failure => new FailureDocument(failure.TenantId, failure.Error))],
        report.Unchanged,
        report.DeletionsCapped);
}
