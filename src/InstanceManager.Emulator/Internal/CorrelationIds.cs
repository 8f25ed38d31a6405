using Microsoft.AspNetCore.Http;

namespace InstanceManager.Emulator.Internal;

/// <summary>
/// The correlation id of an Instance Manager, Service Manager or token answer, as the real services behind the Cloud
/// Foundry router send it: the request's own <c>X-Correlation-ID</c> echoed, else a new GUID.
/// </summary>
internal static class CorrelationIds
{
    public const string CorrelationIdHeader = "X-Correlation-ID";

    public const string VcapRequestIdHeader = "X-Vcap-Request-Id";

    /// <summary>Sets <c>X-Correlation-ID</c> (and <c>X-Vcap-Request-Id</c>, the same value, when <paramref name="withVcapRequestId"/>) on the answer; returns the id for the request log.</summary>
    public static string Apply(HttpContext context, bool withVcapRequestId)
    {
        var sent = context.Request.Headers[CorrelationIdHeader].FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        var id = sent?.Trim() ?? Guid.NewGuid().ToString();
        context.Response.Headers[CorrelationIdHeader] = id;
        if (withVcapRequestId)
        {
            context.Response.Headers[VcapRequestIdHeader] = id;
        }

        return id;
    }
}
