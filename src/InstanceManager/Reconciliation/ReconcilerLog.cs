using Microsoft.Extensions.Logging;

namespace InstanceManager.Reconciliation;

/// <summary>The reconciler's log events (ids 50–59).</summary>
internal static partial class ReconcilerLog
{
    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Reconciliation started: {Desired} desired tenant(s), {Instances} instance(s) reported by the service, {Work} tenant(s) to work on (dry run: {DryRun}).")]
    public static partial void Started(ILogger logger, int desired, int instances, int work, bool dryRun);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Tenant '{TenantId}': {Action} → {Outcome}.")]
    public static partial void TenantDone(ILogger logger, string tenantId, ReconciliationAction action, ReconciliationOutcome outcome);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Tenant '{TenantId}': {Action} failed: {Error}")]
    public static partial void TenantFailed(ILogger logger, string tenantId, ReconciliationAction action, string error);

    [LoggerMessage(EventId = 53, Level = LogLevel.Information, Message = "Reconciliation finished in {Seconds:0.0} s: {Created} created, {Healed} healed, {Repaired} repaired, {Deleted} deleted, {Orphans} orphan(s) left, {Unchanged} unchanged, {Failed} failed.")]
    public static partial void Finished(ILogger logger, double seconds, int created, int healed, int repaired, int deleted, int orphans, int unchanged, int failed);

    [LoggerMessage(EventId = 54, Level = LogLevel.Warning, Message = "Reconciliation: {Capped} orphan(s) left because this run already deleted MaxDeletions ({MaxDeletions}).")]
    public static partial void DeletionsCapped(ILogger logger, int capped, int maxDeletions);

    [LoggerMessage(EventId = 55, Level = LogLevel.Error, Message = "Periodic reconciliation skipped: {Reason}")]
    public static partial void RunSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 56, Level = LogLevel.Debug, Message = "Periodic reconciliation: another replica holds the lease; this one waits for the next interval.")]
    public static partial void LeaseHeldElsewhere(ILogger logger);
}
