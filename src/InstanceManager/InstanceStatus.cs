namespace InstanceManager;

/// <summary>The lifecycle status of a managed instance, as reported by the service.</summary>
public enum InstanceStatus
{
    /// <summary>The service reported a status this library does not know. The instance is returned unchanged.</summary>
    Unknown = 0,

    /// <summary><c>CREATION_IN_PROGRESS</c>: the instance is being created.</summary>
    CreationInProgress,

    /// <summary><c>CREATION_SUCCEEDED</c>: the instance is ready and carries credentials.</summary>
    CreationSucceeded,

    /// <summary><c>CREATION_FAILED</c>: creation failed; see <see cref="ManagedInstance.FailedMessage"/>.</summary>
    CreationFailed,

    /// <summary><c>DELETION_IN_PROGRESS</c>: the instance is being deleted.</summary>
    DeletionInProgress,

    /// <summary><c>DELETION_FAILED</c>: deletion failed; see <see cref="ManagedInstance.FailedMessage"/>.</summary>
    DeletionFailed,
}
