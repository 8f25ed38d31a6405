namespace InstanceManager.Reconciliation;

/// <summary>
/// What a reconciliation did (or, in a dry run, would do), each tenant in at most one list. Tenants are listed in
/// ordinal order.
/// </summary>
public sealed class ReconciliationReport
{
    /// <summary>Whether nothing was changed (<see cref="ReconciliationOptions.DryRun"/>): the lists say what a run would do.</summary>
    public required bool IsDryRun { get; init; }

    /// <summary>Every tenant of the run and what was (or would be) done about it.</summary>
    public required IReadOnlyList<ReconciliationStep> Plan { get; init; }

    /// <summary>Desired tenants that had no usable instance and now have one they were created with.</summary>
    public required IReadOnlyList<string> Created { get; init; }

    /// <summary>Desired tenants whose failed or deleted instance was replaced.</summary>
    public required IReadOnlyList<string> Healed { get; init; }

    /// <summary>Desired tenants whose missing or failed binding was replaced (Service Manager).</summary>
    public required IReadOnlyList<string> Repaired { get; init; }

    /// <summary>Tenants not desired whose instance was deleted.</summary>
    public required IReadOnlyList<string> Deleted { get; init; }

    /// <summary>Tenants not desired whose instance was left in place.</summary>
    public required IReadOnlyList<string> Orphans { get; init; }

    /// <summary>Tenants that could not be converged, with the reason.</summary>
    public required IReadOnlyList<ReconciliationFailure> Failed { get; init; }

    /// <summary>How many desired tenants were usable already.</summary>
    public required int Unchanged { get; init; }

    /// <summary>How many orphans were left only because of <see cref="ReconciliationOptions.MaxDeletions"/>.</summary>
    public required int DeletionsCapped { get; init; }

    /// <summary>How long the run took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Whether every tenant converged: no failure, and no orphan left because of the deletion cap.</summary>
    public bool Converged => Failed.Count == 0 && DeletionsCapped == 0;
}
