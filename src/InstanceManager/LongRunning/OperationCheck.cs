namespace InstanceManager.LongRunning;

/// <summary>
/// What one look at a tenant's create or delete found: still running (with the wait the service asked for), ended
/// with a value (the created instance; none for a delete), or ended in failure. A look that could not be made throws
/// instead, and says nothing about the operation.
/// </summary>
internal readonly record struct OperationCheck(bool IsCompleted, ManagedInstance? Value, TimeSpan? RetryAfter, InstanceManagerException? Failure)
{
    public static OperationCheck Running(TimeSpan? retryAfter = null) => new(false, null, retryAfter, null);

    public static OperationCheck Succeeded(ManagedInstance? value) => new(true, value, null, null);

    public static OperationCheck Failed(InstanceManagerException failure) => new(true, null, null, failure);
}
