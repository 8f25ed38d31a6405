namespace InstanceManager;

/// <summary>
/// A create or delete that the service accepted and carries out asynchronously, returned by
/// <see cref="IInstanceManagerClient.StartCreateAsync"/> and <see cref="IInstanceManagerClient.StartDeleteAsync"/>, or
/// rebuilt from its <see cref="Id"/> by <see cref="IInstanceManagerClient.ResumeOperation(string)"/> in any process.
/// </summary>
/// <remarks>
/// Modelled on the Azure SDK's <c>Operation&lt;T&gt;</c>: poll with <see cref="UpdateStatusAsync"/> (one look at the
/// service) or wait with <see cref="WaitForCompletionAsync"/>. The operation's state is always read from the service,
/// never from memory, so resuming never sends the create or delete again. The class is abstract so that tests can
/// substitute their own.
/// </remarks>
public abstract class InstanceOperation
{
    /// <summary>Creates an operation; for test doubles.</summary>
    protected InstanceOperation()
    {
    }

    /// <summary>
    /// An id that survives a restart (store it, hand it to another replica): <c>create:{tenantId}</c> or
    /// <c>delete:{tenantId}</c>. Pass it to <see cref="IInstanceManagerClient.ResumeOperation(string)"/>.
    /// </summary>
    public abstract string Id { get; }

    /// <summary>The tenant whose instance is created or deleted.</summary>
    public abstract string TenantId { get; }

    /// <summary>Whether this creates or deletes.</summary>
    public abstract InstanceOperationKind Kind { get; }

    /// <summary>Whether the operation has ended, successfully or not, as far as the last look at the service saw.</summary>
    public abstract bool HasCompleted { get; }

    /// <summary>Whether <see cref="Value"/> holds the created instance (a create that completed successfully).</summary>
    public abstract bool HasValue { get; }

    /// <summary>The created instance, with its credentials.</summary>
    /// <exception cref="InvalidOperationException">The operation is a delete, has not completed, or failed (then the failure is the inner exception).</exception>
    public abstract ManagedInstance Value { get; }

    /// <summary>
    /// Looks at the service once and updates <see cref="HasCompleted"/> and <see cref="Value"/>; returns
    /// <see cref="HasCompleted"/>. With the Service Manager, a create whose instance is ready but has no binding yet
    /// creates the binding in this call.
    /// </summary>
    /// <exception cref="InstanceOperationFailedException">The instance ended in a failed state.</exception>
    /// <exception cref="InstanceManagerException">The service could not be asked, or the operation failed there.</exception>
    public abstract Task<bool> UpdateStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls the service until the operation ends, within <see cref="InstanceManagerOptions.PollingTimeout"/>; returns
    /// the created instance, or <see langword="null"/> for a delete.
    /// </summary>
    /// <exception cref="InstanceManagerTimeoutException">The operation did not end within the polling timeout; it goes on in the service and can be resumed again.</exception>
    /// <exception cref="InstanceOperationFailedException">The instance ended in a failed state.</exception>
    /// <exception cref="InstanceManagerException">The service could not be asked, or the operation failed there.</exception>
    public abstract Task<ManagedInstance?> WaitForCompletionAsync(CancellationToken cancellationToken = default);

    /// <summary>The id, kind and progress; never credentials.</summary>
    public override string ToString() => $"InstanceOperation {{ Id = {Id}, Kind = {Kind}, HasCompleted = {HasCompleted} }}";
}
