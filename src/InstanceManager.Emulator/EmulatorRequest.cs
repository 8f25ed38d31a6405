namespace InstanceManager.Emulator;

/// <summary>One Instance Manager, Service Manager, token or broker (<c>/osb/v2</c>) request the emulator answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request target as sent (raw, still percent-encoded, with the query).</param>
/// <param name="TenantId">
/// Instance Manager: the tenant id decoded from the path, or <see langword="null"/> for the list. Service Manager:
/// the first <c>tenant_id</c> label of the created resource, of the resource read or deleted, or of the operation's
/// resource; for a list, the value of a <c>tenant_id eq '…'</c> criterion of its query; else <see langword="null"/>
/// (the catalog, tokens, unknown ids). Broker: the tenant of the service instance (its provision context's
/// <c>tenant_id</c>, else <c>instance_name</c>, else its id), or <see langword="null"/> (the catalog, unknown ids).
/// </param>
/// <param name="StatusCode">
/// The status the emulator answered: 429 for a request over <see cref="EmulatorFailures.RequestLimit"/>,
/// <see cref="EmulatorFailures.ErrorStatusCode"/> for an injected error.
/// </param>
/// <param name="CorrelationId">
/// The <c>X-Correlation-ID</c> of the answer (Instance Manager, Service Manager and token requests, errors
/// included): the request's own <c>X-Correlation-ID</c> when it sent one, else a new GUID. The Instance Manager also
/// sends it as <c>X-Vcap-Request-Id</c>. <see langword="null"/> for broker requests.
/// </param>
public sealed record EmulatorRequest(string Method, string Path, string? TenantId, int StatusCode, string? CorrelationId = null);
