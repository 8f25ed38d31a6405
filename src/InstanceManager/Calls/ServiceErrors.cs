using System.Net;
using System.Text;
using System.Text.Json;

namespace InstanceManager.Calls;

/// <summary>
/// The one place that builds the library's exceptions: every message is "<see cref="CallContext.Subject"/> failed:
/// reason", and names the HTTP status and the service's own description where there is one. Messages never contain
/// credentials, tokens or secrets.
/// </summary>
internal static class ServiceErrors
{
    /// <summary>Error bodies are read up to this size; the description is cut to <see cref="MaxDescriptionLength"/>.</summary>
    private const int MaxErrorBodyBytes = 16 * 1024;
    private const int MaxDescriptionLength = 500;

    /// <summary>The call failed for <paramref name="reason"/> (a sentence that ends with a full stop).</summary>
    public static InstanceManagerException Failed(CallContext call, string reason, int? statusCode = null, string? serverDescription = null, Exception? innerException = null, bool isTransient = false, string? serviceOperationId = null) =>
        new(WithCorrelation(call, $"{call.Subject} failed: {reason}"), call.Operation, call.TenantId, statusCode, serverDescription, innerException)
        {
            IsTransient = isTransient,
            CorrelationId = call.CorrelationId,
            ServiceOperationId = serviceOperationId,
        };

    /// <summary>The service answered a status the protocol does not promise for this request.</summary>
    /// <param name="call">The call.</param>
    /// <param name="response">The answer; its body is read for the service's description.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <param name="scrub">Removes a secret the service may have echoed from the description.</param>
    public static async Task<InstanceManagerException> UnexpectedStatusAsync(CallContext call, HttpResponseMessage response, CancellationToken cancellationToken, Func<string?, string?>? scrub = null)
    {
        var description = await ReadDescriptionAsync(response, cancellationToken).ConfigureAwait(false);
        description = scrub is null ? description : scrub(description);
        var status = (int)response.StatusCode;
        var reason = ReasonPhrase(response.StatusCode);
        return Failed(
            call,
            description is null ? $"the service answered {status} ({reason})." : $"the service answered {status} ({reason}): {description}",
            status,
            description,
            isTransient: IsTransientStatus(response.StatusCode));
    }

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The service answered, but not with what the protocol promises (<paramref name="problem"/>: "a null body", …).</summary>
    public static InstanceManagerException Unreadable(CallContext call, HttpStatusCode status, string problem, Exception? innerException = null) =>
        Failed(call, $"the service answered {(int)status} ({ReasonPhrase(status)}) with {problem}.", (int)status, innerException: innerException);

    public static InstanceManagerException Network(CallContext call, Exception innerException) =>
        Failed(call, $"the service could not be reached or did not answer in time ({innerException.GetType().Name}).", innerException: innerException, isTransient: true);

    public static InstanceManagerException CircuitOpen(CallContext call, Exception innerException) =>
        new(WithCorrelation(call, $"{call.Subject} failed at once: the service failed repeatedly, so requests are not sent for a while (circuit breaker open); it is tried again automatically."), call.Operation, call.TenantId, statusCode: null, serverDescription: null, innerException)
        {
            CorrelationId = call.CorrelationId,
        };

    public static InstanceManagerException TooLarge(CallContext call, HttpStatusCode status, long limit, Exception? innerException = null) =>
        Failed(call, $"the service answered {(int)status} ({ReasonPhrase(status)}) with a body that could not be read completely within the {limit / 1024} KiB limit.", (int)status, innerException: innerException);

    /// <summary>The instance's asynchronous operation ended with a failed status such as <c>CREATION_FAILED</c>.</summary>
    public static InstanceOperationFailedException InstanceFailed(CallContext call, ManagedInstance instance) =>
        new(
            WithCorrelation(call, $"{call.Subject} failed: status of instance for tenant '{instance.TenantId}' is {instance.StatusText}. Reason: {instance.FailedMessage ?? "none given"}."),
            call.Operation,
            instance)
        {
            CorrelationId = call.CorrelationId,
        };

    /// <summary>The call's polling budget ran out before the operation settled.</summary>
    public static InstanceManagerTimeoutException Timeout(CallContext call, TimeSpan budget, Exception? innerException) =>
        new(
            WithCorrelation(call, call.OperationId is { } operationId
                ? $"{call.Subject} did not complete within the polling timeout of {budget.TotalSeconds:0.###} s; it goes on in the service: resume it with ResumeOperation(\"{operationId}\") rather than starting it again."
                : $"{call.Subject} did not complete within the polling timeout of {budget.TotalSeconds:0.###} s."),
            call.Operation,
            call.TenantId,
            budget,
            innerException)
        {
            CorrelationId = call.CorrelationId,
            OperationId = call.OperationId,
        };

    /// <summary>Two attempts (in two services, or an action and its rollback) failed: one exception naming both.</summary>
    public static InstanceManagerException Both(CallContext call, string reason, InstanceManagerException first, InstanceManagerException second, int? statusCode, bool isTransient = false) =>
        Failed(call, reason, statusCode, first.ServerDescription ?? second.ServerDescription, new AggregateException(first, second), isTransient);

    /// <summary>A transient failure that repeating the request did not cure: the first failure, with the repeat's as its cause.</summary>
    public static InstanceManagerException FailedAgain(CallContext call, InstanceManagerException first, InstanceManagerException again) =>
        new(first.Message, call.Operation, call.TenantId, first.StatusCode, first.ServerDescription, again) { IsTransient = true, CorrelationId = first.CorrelationId };

    private static string WithCorrelation(CallContext call, string message) =>
        call.CorrelationId is { } id ? $"{message}{(message.EndsWith('.') ? " " : ". ")}Correlation id: {id}." : message;

    internal static string ReasonPhrase(HttpStatusCode status) =>
        Enum.IsDefined(status) ? status.ToString() : "unknown status";

    /// <summary>The JSON body's <c>description</c> (or <c>error_description</c>, <c>error</c>), else the body text, truncated; <see langword="null"/> for an empty body.</summary>
    internal static async Task<string?> ReadDescriptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                body = new byte[MaxErrorBodyBytes];
                var length = 0;
                while (length < body.Length)
                {
                    var read = await stream.ReadAsync(body.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                Array.Resize(ref body, length);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return null;
        }

        if (body.Length == 0)
        {
            return null;
        }

        return Truncate(DescriptionFromJson(body) ?? Encoding.UTF8.GetString(body).Trim());
    }

    private static string? DescriptionFromJson(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in (ReadOnlySpan<string>)["description", "error_description", "error"])
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) =>
        text.Length <= MaxDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxDescriptionLength), "…");
}
