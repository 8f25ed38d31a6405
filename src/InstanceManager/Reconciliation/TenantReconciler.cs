using System.Diagnostics;
using InstanceManager.Backends;
using InstanceManager.Calls;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Reconciliation;

/// <summary>
/// Converges the tenants' instances to a desired set of tenants: creates what is missing, waits for creations in
/// progress (never a second create), replaces failed instances and bindings, and reports (or, when asked, deletes)
/// instances of tenants that are not desired. Every run reads the state from the service, so a run can be
/// cancelled or killed at any point and a new one re-attaches to the operations already in flight. Get it from the
/// services registered by <c>AddInstanceManager…</c>; it is thread-safe.
/// </summary>
public sealed class TenantReconciler
{
    private readonly IInstanceManagerClient _client;
    private readonly IInstanceBackend _backend;
    private readonly TimeProvider _timeProvider;
    private readonly ReconcilerMetrics _metrics;
    private readonly ILogger _logger;

    internal TenantReconciler(IInstanceManagerClient client, IInstanceBackend backend, TimeProvider timeProvider, ReconcilerMetrics metrics, ILogger<TenantReconciler> logger)
    {
        _client = client;
        _backend = backend;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Reads every tenant's state from the service and converges it to <paramref name="desiredTenants"/>.</summary>
    /// <param name="desiredTenants">The tenants that should have a usable instance. Invalid ids are reported as failed; duplicates count once.</param>
    /// <param name="options">How to run; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Told of each tenant as it finishes; called from several tasks at once when <see cref="ReconciliationOptions.MaxConcurrency"/> is above 1.</param>
    /// <param name="cancellationToken">Stops the run; operations the service accepted go on, and the next run re-attaches to them.</param>
    /// <returns>What was done, each tenant at most once.</returns>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="InstanceManagerException">The state could not be read from the service (nothing was changed).</exception>
    public async Task<ReconciliationReport> ReconcileAsync(IEnumerable<string> desiredTenants, ReconciliationOptions? options = null, IProgress<ReconciliationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desiredTenants);
        options ??= new ReconciliationOptions();
        if (ReconciliationOptionsValidation.Problems(options) is [_, ..] problems)
        {
            throw new ArgumentException($"Invalid reconciliation options: {string.Join(" ", problems)}", nameof(options));
        }

        var started = _timeProvider.GetTimestamp();
        var (desired, rejected) = DesiredTenants.Read(desiredTenants, _backend);
        var states = await _backend.InventoryAsync(CallContext.Named(Operations.Reconcile, _timeProvider, "the tenants' instances"), cancellationToken).ConfigureAwait(false);
        var plan = ReconciliationPlanner.Plan(desired, states, options);

        var report = new ReportBuilder(options.DryRun);
        var total = plan.Count + rejected.Count;
        var completed = 0;
        void Finish(string tenant, ReconciliationAction action, ReconciliationOutcome outcome, string? error)
        {
            report.Add(tenant, outcome, error, capped: options.DeleteOrphans && action == ReconciliationAction.ReportOrphan);
            _metrics.Tenants.Add(1, new KeyValuePair<string, object?>("instance_manager.reconciler.outcome", ReconcilerMetrics.TagOf(outcome)));
            if (error is not null)
            {
                ReconcilerLog.TenantFailed(_logger, tenant, action, error);
            }
            else if (action is not (ReconciliationAction.None or ReconciliationAction.ReportOrphan))
            {
                ReconcilerLog.TenantDone(_logger, tenant, action, outcome);
            }

            progress?.Report(new ReconciliationProgress(tenant, action, outcome, error, Interlocked.Increment(ref completed), total));
        }

        var work = plan.Where(static step => step.Action is not (ReconciliationAction.None or ReconciliationAction.ReportOrphan)).ToList();
        ReconcilerLog.Started(_logger, desired.Count, states.Count, work.Count, options.DryRun);
        foreach (var failure in rejected)
        {
            Finish(failure.TenantId, ReconciliationAction.Reject, ReconciliationOutcome.Failed, failure.Error);
        }

        if (options.DryRun)
        {
            foreach (var step in plan)
            {
                Finish(step.TenantId, step.Action, Predicted(step.Action), step.Action == ReconciliationAction.Reject ? step.Reason : null);
            }
        }
        else
        {
            // Tenants with nothing to do are reported first, so that progress counts them without waiting for the others.
            foreach (var step in plan.Where(static step => step.Action is ReconciliationAction.None or ReconciliationAction.ReportOrphan))
            {
                Finish(step.TenantId, step.Action, step.Action == ReconciliationAction.None ? ReconciliationOutcome.Unchanged : ReconciliationOutcome.OrphanLeft, null);
            }

            var convergence = new TenantConvergence(_client, _backend, _timeProvider, options);
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
                async (step, token) =>
                {
                    var (outcome, error) = await convergence.RunAsync(step, token).ConfigureAwait(false);
                    Finish(step.TenantId, step.Action, outcome, error);
                }).ConfigureAwait(false);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        var result = report.Build(plan, elapsed);
        _metrics.Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("instance_manager.reconciler.dry_run", options.DryRun));
        ReconcilerLog.Finished(_logger, elapsed.TotalSeconds, result.Created.Count, result.Healed.Count, result.Repaired.Count, result.Deleted.Count, result.Orphans.Count, result.Unchanged, result.Failed.Count);
        if (result.DeletionsCapped > 0)
        {
            ReconcilerLog.DeletionsCapped(_logger, result.DeletionsCapped, options.MaxDeletions);
        }

        return result;
    }

    private static ReconciliationOutcome Predicted(ReconciliationAction action) => action switch
    {
        ReconciliationAction.Create or ReconciliationAction.AwaitCreation => ReconciliationOutcome.Created,
        ReconciliationAction.Recreate or ReconciliationAction.AwaitDeletionThenCreate => ReconciliationOutcome.Healed,
        ReconciliationAction.RepairBinding => ReconciliationOutcome.Repaired,
        ReconciliationAction.DeleteOrphan => ReconciliationOutcome.Deleted,
        ReconciliationAction.ReportOrphan => ReconciliationOutcome.OrphanLeft,
        ReconciliationAction.Reject => ReconciliationOutcome.Failed,
        _ => ReconciliationOutcome.Unchanged,
    };
}
