using InstanceManager.Backends;
using InstanceManager.Calls;

namespace InstanceManager.Reconciliation;

/// <summary>
/// Carries out one tenant's step of a plan through the client, so that the cache, the other replicas and the
/// telemetry see every change. Never sends a create for a tenant whose creation is already in progress: in-flight
/// operations are followed by polling (<see cref="IInstanceManagerClient.ResumeOperation"/>).
/// </summary>
internal sealed class TenantConvergence(IInstanceManagerClient client, IInstanceBackend backend, TimeProvider timeProvider, ReconciliationOptions options)
{
    /// <summary>Runs the step; a failure of the service becomes <see cref="ReconciliationOutcome.Failed"/> with its message.</summary>
    public async Task<(ReconciliationOutcome Outcome, string? Error)> RunAsync(ReconciliationStep step, CancellationToken cancellationToken)
    {
        if (step.Action == ReconciliationAction.Reject)
        {
            return (ReconciliationOutcome.Failed, step.Reason);
        }

        try
        {
            return (await ConvergeAsync(step, cancellationToken).ConfigureAwait(false), null);
        }
        catch (InstanceManagerException exception)
        {
            return (ReconciliationOutcome.Failed, OneLine(exception.Message));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (ReconciliationOutcome.Failed, "the operation was cancelled (the client was disposed).");
        }
    }

    private async Task<ReconciliationOutcome> ConvergeAsync(ReconciliationStep step, CancellationToken cancellationToken)
    {
        var tenant = step.TenantId;
        switch (step.Action)
        {
            case ReconciliationAction.None:
                return ReconciliationOutcome.Unchanged;
            case ReconciliationAction.ReportOrphan:
                return ReconciliationOutcome.OrphanLeft;
            case ReconciliationAction.Create:
                await CreateAsync(tenant, deleteFirst: false, cancellationToken).ConfigureAwait(false);
                return ReconciliationOutcome.Created;
            case ReconciliationAction.AwaitCreation:
                if (await AwaitCreationAsync(tenant, cancellationToken).ConfigureAwait(false) is null)
                {
                    // The creation in flight failed, or the instance vanished: what a create of this run would handle.
                    await CreateAsync(tenant, deleteFirst: true, cancellationToken).ConfigureAwait(false);
                }

                return ReconciliationOutcome.Created;
            case ReconciliationAction.Recreate:
                await CreateAsync(tenant, deleteFirst: true, cancellationToken).ConfigureAwait(false);
                return ReconciliationOutcome.Healed;
            case ReconciliationAction.AwaitDeletionThenCreate:
                await DeleteAsync(tenant, step.Status, cancellationToken).ConfigureAwait(false);
                await CreateAsync(tenant, deleteFirst: false, cancellationToken).ConfigureAwait(false);
                return ReconciliationOutcome.Healed;
            case ReconciliationAction.RepairBinding:
                await backend.RepairBindingAsync(CallContext.ForTenant(Operations.Reconcile, tenant, timeProvider), cancellationToken).ConfigureAwait(false);
                // Whatever the cache held for the tenant was not made of this binding.
                await client.InvalidateAsync(tenant, cancellationToken).ConfigureAwait(false);
                return ReconciliationOutcome.Repaired;
            case ReconciliationAction.DeleteOrphan:
                await DeleteAsync(tenant, step.Status, cancellationToken).ConfigureAwait(false);
                return ReconciliationOutcome.Deleted;
            default:
                throw new InvalidOperationException($"Unknown reconciliation action {step.Action}.");
        }
    }

    /// <summary>
    /// Creates the tenant, up to <see cref="ReconciliationOptions.MaxCreateAttempts"/> times while its creation fails,
    /// deleting the failed instance before each new attempt and waiting <see cref="ReconciliationOptions.RetryDelay"/>,
    /// doubled each time, between attempts.
    /// </summary>
    private async Task CreateAsync(string tenant, bool deleteFirst, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (deleteFirst)
            {
                await client.DeleteIfExistsAsync(tenant, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await client.CreateAsync(tenant, parameters: null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InstanceManagerException exception) when (exception.StatusCode == 409)
            {
                // Created meanwhile (another replica, or a subscription callback): follow that creation instead.
                if (await AwaitCreationAsync(tenant, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return;
                }

                if (attempt >= options.MaxCreateAttempts)
                {
                    throw;
                }
            }
            catch (InstanceManagerException exception) when (CreationFailed(exception) && attempt < options.MaxCreateAttempts)
            {
            }

            deleteFirst = true;
            var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The instance once its creation in flight succeeded; <see langword="null"/> when it failed or the instance is gone.</summary>
    private async Task<ManagedInstance?> AwaitCreationAsync(string tenant, CancellationToken cancellationToken)
    {
        try
        {
            var operation = client.ResumeOperation(InstanceOperationIds.Format(InstanceOperationKind.Create, tenant));
            return await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (CreationFailed(exception) || exception.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the tenant's instance and waits until it is gone; one already being deleted is followed, not deleted again.</summary>
    private async Task DeleteAsync(string tenant, InstanceStatus? status, CancellationToken cancellationToken)
    {
        if (status == InstanceStatus.DeletionInProgress)
        {
            try
            {
                var operation = client.ResumeOperation(InstanceOperationIds.Format(InstanceOperationKind.Delete, tenant));
                await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InstanceManagerException exception) when (exception is InstanceOperationFailedException || exception.StatusCode is null)
            {
                // The deletion in flight failed: delete again.
            }
        }

        await client.DeleteIfExistsAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The creation itself failed (the instance ended <c>CREATION_FAILED</c>, or the Service Manager's operation
    /// failed), as opposed to a request the service refused (a status code), which another attempt would not change.
    /// </summary>
    private static bool CreationFailed(InstanceManagerException exception) =>
        exception is InstanceOperationFailedException || (exception.StatusCode is null && exception is not InstanceManagerTimeoutException && !exception.IsTransient);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
