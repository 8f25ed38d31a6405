using System.Diagnostics.Metrics;
using InstanceManager.Diagnostics;

namespace InstanceManager.Reconciliation;

/// <summary>The reconciler's instruments, on the client's meter. Tenant ids are never tags.</summary>
internal sealed class ReconcilerMetrics : IDisposable
{
    public const string TenantsName = "instance_manager.reconciler.tenants";
    public const string DurationName = "instance_manager.reconciler.duration";

    private readonly Meter _meter;

    public ReconcilerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(InstanceManagerTelemetry.Name) ?? new Meter(InstanceManagerTelemetry.Name);
        Tenants = _meter.CreateCounter<long>(TenantsName, "{tenant}", "Tenants finished by reconciliations, by outcome.");
        Duration = _meter.CreateHistogram<double>(DurationName, "s", "Duration of reconciliation runs.");
    }

    /// <summary>Tag <c>instance_manager.reconciler.outcome</c>: created, healed, repaired, deleted, orphan_left, unchanged, failed.</summary>
    public Counter<long> Tenants { get; }

    /// <summary>Tag <c>instance_manager.reconciler.dry_run</c>.</summary>
    public Histogram<double> Duration { get; }

    public static string TagOf(ReconciliationOutcome outcome) => outcome switch
    {
        ReconciliationOutcome.Created => "created",
        ReconciliationOutcome.Healed => "healed",
        ReconciliationOutcome.Repaired => "repaired",
        ReconciliationOutcome.Deleted => "deleted",
        ReconciliationOutcome.OrphanLeft => "orphan_left",
        ReconciliationOutcome.Failed => "failed",
        _ => "unchanged",
    };

    public void Dispose() => _meter.Dispose();
}
