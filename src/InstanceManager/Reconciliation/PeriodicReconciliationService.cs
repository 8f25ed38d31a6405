using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Reconciliation;

/// <summary>
/// Runs the reconciler every <see cref="TenantReconcilerOptions.Interval"/> on the replica holding the lease
/// (<see cref="IReconciliationLease"/>), with the tenants of the application's <see cref="ITenantSource"/>.
/// </summary>
internal sealed class PeriodicReconciliationService(
    TenantReconciler reconciler,
    ITenantSource source,
    IReconciliationLease lease,
    ReconcilerStatus status,
    IOptionsMonitor<TenantReconcilerOptions> options,
    TimeProvider timeProvider,
    ILogger<PeriodicReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(settings.FirstRunDelay, timeProvider, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(settings.Interval, timeProvider);
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One run; nothing it meets stops the next one.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var held = await lease.TryAcquireAsync(cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            ReconcilerLog.LeaseHeldElsewhere(logger);
            return;
        }

        await using (held.ConfigureAwait(false))
        {
            var settings = options.CurrentValue;
            IReadOnlyCollection<string> tenants;
            try
            {
                tenants = await source.GetDesiredTenantsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Skip($"the tenant source failed ({exception.GetType().Name}: {exception.Message}); nothing was changed.");
                return;
            }

            if (tenants.Count == 0 && settings.DeleteOrphans)
            {
                Skip("the tenant source returned no tenant and DeleteOrphans is set: an empty desired list would delete the fleet, so nothing was changed.");
                return;
            }

            try
            {
                status.Ran(await reconciler.ReconcileAsync(tenants, settings, progress: null, cancellationToken).ConfigureAwait(false), timeProvider.GetUtcNow());
            }
            catch (InstanceManagerException exception)
            {
                Skip($"the tenants' state could not be read: {exception.Message}");
            }
        }
    }

    private void Skip(string reason)
    {
        ReconcilerLog.RunSkipped(logger, reason);
        status.CouldNotRun(reason, timeProvider.GetUtcNow());
    }
}
