namespace InstanceManager;

/// <summary>
/// The service finished an asynchronous operation with a failed status (for example <c>CREATION_FAILED</c> or
/// <c>DELETION_FAILED</c>). <see cref="Instance"/> is the instance as last seen, with its
/// <see cref="ManagedInstance.FailedMessage"/>.
/// </summary>
public sealed class InstanceOperationFailedException : InstanceManagerException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InstanceOperationFailedException()
        : this("The Instance Manager operation ended with a failed status.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public InstanceOperationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public InstanceOperationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an instance whose operation ended with a failed status.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="operation">The operation, for example <c>Create</c>.</param>
    /// <param name="instance">The instance as last seen; its tenant and failure message become <see cref="InstanceManagerException.TenantId"/> and <see cref="InstanceManagerException.ServerDescription"/>.</param>
    public InstanceOperationFailedException(string message, string operation, ManagedInstance instance)
        : base(message, operation, instance?.TenantId, statusCode: null, serverDescription: instance?.FailedMessage)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Instance = instance;
    }

    /// <summary>The instance as last seen, with its status and failure message.</summary>
    public ManagedInstance? Instance { get; }
}
