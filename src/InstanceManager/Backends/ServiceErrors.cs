using System.Net;
using System.Text;
using System.Text.Json;

namespace InstanceManager.Backends;

/// <summary>
/// Turns what went wrong on the wire into <see cref="InstanceManagerException"/>s whose message names the
/// operation, the tenant, the HTTP status and the service's own description.
/// </summary>
internal static class ServiceErrors
{
    /// <summary>Error bodies are read up to this size; the description is cut to <see cref="MaxDescriptionLength"/>.</summary>
    private const int MaxErrorBodyBytes = 16 * 1024;
    private const int MaxDescriptionLength = 500;

    /// <summary>Tenant ids longer than this are shortened in messages (the full id is in <see cref="InstanceManagerException.TenantId"/>).</summary>
    private const int MaxTenantIdInMessage = 100;

    /// <summary>
    /// What failed: the per-tenant operation and its tenant, or <c>GetAll</c> "of the instances". A call of the
    /// low-level Service Manager client is named <c>&lt;Resource&gt;.&lt;Method&gt;</c> (for example
    /// <c>ServiceInstances.Create</c>), concerns no tenant and is its own subject.
    /// </summary>
    public static string Subject(string operation, string? tenantId) =>
        tenantId is not null ? $"{operation} of the instance for tenant '{Shorten(tenantId)}'"
        : operation.Contains('.', StringComparison.Ordinal) ? operation
        : $"{operation} of the instances";

    private static string Shorten(string tenantId) =>
        tenantId.Length <= MaxTenantIdInMessage ? tenantId : string.Concat(tenantId.AsSpan(0, MaxTenantIdInMessage), "…");

    public static async Task<InstanceManagerException> UnexpectedStatusAsync(string operation, string? tenantId, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var description = await ReadDescriptionAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var reason = ReasonPhrase(response.StatusCode);
        var message = description is null
            ? $"{Subject(operation, tenantId)} failed: the service answered {status} ({reason})."
            : $"{Subject(operation, tenantId)} failed: the service answered {status} ({reason}): {description}";
        return new InstanceManagerException(message, operation, tenantId, status, description) { IsTransient = IsTransientStatus(response.StatusCode) };
    }

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static InstanceManagerException Unreadable(string operation, string? tenantId, HttpStatusCode status, string problem, Exception? innerException = null) =>
        new($"{Subject(operation, tenantId)} failed: the service answered {(int)status} ({ReasonPhrase(status)}) with {problem}.", operation, tenantId, (int)status, serverDescription: null, innerException);

    public static InstanceManagerException Network(string operation, string? tenantId, Exception innerException) =>
        new($"{Subject(operation, tenantId)} failed: the service could not be reached or did not answer in time ({innerException.GetType().Name}).", operation, tenantId, statusCode: null, serverDescription: null, innerException)
        {
            IsTransient = true,
        };

    public static InstanceManagerException CircuitOpen(string operation, string? tenantId, Exception innerException) =>
        new($"{Subject(operation, tenantId)} failed at once: the service failed repeatedly, so requests are not sent for a while (circuit breaker open); it is tried again automatically.", operation, tenantId, statusCode: null, serverDescription: null, innerException);

    public static InstanceManagerException TooLarge(string operation, string? tenantId, HttpStatusCode status, long limit, Exception? innerException = null) =>
        new($"{Subject(operation, tenantId)} failed: the service answered {(int)status} ({ReasonPhrase(status)}) with a body that could not be read completely within the {limit / 1024} KiB limit.", operation, tenantId, (int)status, serverDescription: null, innerException);

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
                int read;
                while (length < body.Length && (read = await stream.ReadAsync(body.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
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
