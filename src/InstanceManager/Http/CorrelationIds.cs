namespace InstanceManager.Http;

/// <summary>The id under which the service (or the Cloud Foundry router in front of it) logged a request.</summary>
internal static class CorrelationIds
{
    public const string CorrelationIdHeader = "X-Correlation-ID";
    public const string VcapRequestIdHeader = "X-Vcap-Request-Id";

    // Longer values are not ids; they are cut so that a hostile header cannot flood messages and logs.
    private const int MaxLength = 128;

    public static string? Read(HttpResponseMessage response) =>
        First(response, CorrelationIdHeader) ?? First(response, VcapRequestIdHeader);

    private static string? First(HttpResponseMessage response, string header) =>
        response.Headers.NonValidated.TryGetValues(header, out var values) && values.Count > 0 && values.ToString().Trim() is { Length: > 0 } value
            ? (value.Length <= MaxLength ? value : value[..MaxLength])
            : null;
}
