using InstanceManager.Reconciliation;

namespace InstanceManager.Cli.Output;

/// <summary>How the tool names a tenant's outcome in its plain lines and tables.</summary>
internal static class OutcomeNames
{
    public static string Of(ReconciliationOutcome outcome) => outcome switch
    {
        ReconciliationOutcome.Unchanged => "unchanged",
        ReconciliationOutcome.Created => "created",
        ReconciliationOutcome.Healed => "healed",
        ReconciliationOutcome.Repaired => "repaired",
        ReconciliationOutcome.Deleted => "deleted",
        ReconciliationOutcome.OrphanLeft => "orphan",
        ReconciliationOutcome.Failed => "failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
