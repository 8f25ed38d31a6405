namespace InstanceManager;

/// <summary>
/// The service or the network failed an operation: an unexpected HTTP status, an unreadable answer, a failed
/// instance status or a polling timeout. The message names the operation, the tenant, the HTTP status and the
/// service's own description; it never contains credentials.
/// </summary>
public class InstanceManagerException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InstanceManagerException()
        : this("The Instance Manager operation failed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public InstanceManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause, for example an <see cref="HttpRequestException"/>.</param>
    public InstanceManagerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing a failed operation.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="operation">The operation, for example <c>Create</c>.</param>
    /// <param name="tenantId">The tenant concerned, or <see langword="null"/> for operations on all tenants.</param>
    /// <param name="statusCode">The HTTP status of the unexpected response, or <see langword="null"/>.</param>
    /// <param name="serverDescription">The service's own description of the error, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public InstanceManagerException(string message, string? operation, string? tenantId, int? statusCode, string? serverDescription = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        TenantId = tenantId;
        StatusCode = statusCode;
        ServerDescription = serverDescription;
    }

    /// <summary>
    /// The operation that failed: <c>Create</c>, <c>Get</c>, <c>GetAll</c> or <c>Delete</c>; for calls of
    /// <see cref="ServiceManagement.ServiceManagerClient"/>, <c>&lt;Resource&gt;.&lt;Method&gt;</c> such as
    /// <c>ServiceInstances.Create</c>.
    /// </summary>
    public string? Operation { get; }

    /// <summary>The tenant concerned; <see langword="null"/> for <c>GetAll</c> and for calls of <see cref="ServiceManagement.ServiceManagerClient"/>.</summary>
    public string? TenantId { get; }

    /// <summary>
    /// The HTTP status of the response that made the operation fail (for example 409 when the tenant already has an
    /// instance, 404 when there is none to delete); <see langword="null"/> when the failure was not an HTTP answer
    /// (network error, timeout, failed instance status).
    /// </summary>
    public int? StatusCode { get; }

    /// <summary>
    /// Whether the failure is likely to pass if the call is repeated later: the service could not be reached, did
    /// not answer in time, or answered 408, 429, 502, 503 or 504. The client has already retried such failures of
    /// idempotent requests (see <see cref="InstanceManagerResilienceOptions"/>) before reporting them.
    /// </summary>
    public bool IsTransient { get; internal init; }

    /// <summary>The service's description of the error (the JSON body's <c>description</c>, else the body text, truncated).</summary>
    public string? ServerDescription { get; }

    /// <summary>
    /// The correlation id of the service's last answer in this call (<c>X-Correlation-ID</c>, else
    /// <c>X-Vcap-Request-Id</c>), also named in <see cref="Exception.Message"/>: give it to the service's support to
    /// find the request. <see langword="null"/> when the service sent none or never answered.
    /// </summary>
    public string? CorrelationId { get; internal init; }

    /// <summary>
    /// The id the Service Manager gave the asynchronous operation that failed (its <c>/operations/{id}</c>), when the
    /// failure is one; the broker's error is in <see cref="ServerDescription"/>.
    /// </summary>
    public string? ServiceOperationId { get; internal init; }
}
