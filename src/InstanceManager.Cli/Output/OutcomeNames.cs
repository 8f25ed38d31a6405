using InstanceManager.Reconciliation;

namespace InstanceManager.Cli.Output;

/// <summary>How the tool names a tenant's outcome in its plain lines and live counts.</summary>
internal static class OutcomeNames
{
    /// <summary>The outcome's name; in a dry run, changes are named as what would be done (<c>would-create</c>), as nothing was.</summary>
    public static string Of(ReconciliationOutcome outcome, bool dryRun) => outcome switch
    {
        ReconciliationOutcome.Unchanged => "unchanged",
        ReconciliationOutcome.Created => dryRun ? "would-create" : "created",
        ReconciliationOutcome.Healed => dryRun ? "would-heal" : "healed",
        ReconciliationOutcome.Repaired => dryRun ? "would-repair" : "repaired",
        ReconciliationOutcome.Deleted => dryRun ? "would-delete" : "deleted",
        ReconciliationOutcome.OrphanLeft => "orphan",
        ReconciliationOutcome.Failed => "failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
