namespace InstanceManager;

/// <summary>An asynchronous operation did not settle within the polling timeout.</summary>
public sealed class InstanceManagerTimeoutException : InstanceManagerException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InstanceManagerTimeoutException()
        : this("The Instance Manager operation did not complete within the polling timeout.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What timed out.</param>
    public InstanceManagerTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="innerException">The cause.</param>
    public InstanceManagerTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an operation that did not settle in time.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="operation">The operation, for example <c>Create</c>.</param>
    /// <param name="tenantId">The tenant concerned, or <see langword="null"/>.</param>
    /// <param name="timeout">The polling timeout that elapsed.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public InstanceManagerTimeoutException(string message, string? operation, string? tenantId, TimeSpan timeout, Exception? innerException = null)
        : base(message, operation, tenantId, statusCode: null, serverDescription: null, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The polling timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The id of the create or delete that ran out of time, which goes on in the service: pass it to
    /// <see cref="IInstanceManagerClient.ResumeOperation(string)"/> (in this process or another) to wait for its
    /// outcome instead of starting it again. <see langword="null"/> for other calls.
    /// </summary>
    public string? OperationId { get; internal init; }
}
