using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.Polling;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Starts the Service Manager's asynchronous creates and deletes (<c>?async=true</c>) and waits for them with the
/// <see cref="InstancePoller"/>, so that every caller (the resource managers and, through them, the per-tenant
/// backend) polls the same way. A failed operation becomes an <see cref="InstanceManagerException"/> with the
/// service's description, and status 409 when its only error is a <c>Conflict</c>.
/// </summary>
internal sealed class ServiceManagerOperationRunner
{
    private readonly ServiceManagerHttpClient _http;
    private readonly InstancePoller _poller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ServiceManagerOperationRunner(ServiceManagerHttpClient http, InstancePoller poller, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _poller = poller;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Creates a resource and waits until it exists. The returned operation always names the new resource's
    /// <see cref="ServiceManagerOperation.ResourceId"/>; a service that created it at once (201) reports no operation,
    /// so a succeeded one is made up.
    /// </summary>
    public async Task<ServiceManagerOperation> CreateAsync<TBody>(string resource, TBody body, JsonTypeInfo<TBody> bodyType, string what, CallContext call, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        var start = await _http.CreateAsync(resource, body, bodyType, call, cancellationToken).ConfigureAwait(false);
        var completed = start.OperationUrl is { } operationUrl
            ? await WaitAsync(operationUrl, call, startedAt, cancellationToken).ConfigureAwait(false)
            : Done("create", start.ResourceId, resource);
        if (!string.IsNullOrEmpty(completed.ResourceId))
        {
            return completed;
        }

        return string.IsNullOrEmpty(start.ResourceId)
            ? throw ServiceErrors.Failed(call, $"the Service Manager did not say which {what} it created.")
            : completed.WithResourceId(start.ResourceId);
    }

    /// <summary>Sends the create without waiting for its operation.</summary>
    public async Task StartCreateAsync<TBody>(string resource, TBody body, JsonTypeInfo<TBody> bodyType, CallContext call, CancellationToken cancellationToken) =>
        await _http.CreateAsync(resource, body, bodyType, call, cancellationToken).ConfigureAwait(false);

    /// <summary>Sends the delete without waiting for its operation; <see langword="false"/> when the resource was not there.</summary>
    public async Task<bool> StartDeleteAsync(string resource, string id, CallContext call, CancellationToken cancellationToken) =>
        (await _http.DeleteAsync(resource, id, call, cancellationToken).ConfigureAwait(false)).Found;

    /// <summary>
    /// Deletes a resource and waits until it is gone; <see langword="null"/> when it did not exist (404, 410). A
    /// service that deleted it at once (200, 204) reports no operation, so a succeeded one is made up.
    /// </summary>
    public async Task<ServiceManagerOperation?> DeleteAsync(string resource, string id, CallContext call, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        var start = await _http.DeleteAsync(resource, id, call, cancellationToken).ConfigureAwait(false);
        if (!start.Found)
        {
            return null;
        }

        return start.OperationUrl is { } operationUrl
            ? await WaitAsync(operationUrl, call, startedAt, cancellationToken).ConfigureAwait(false)
            : Done("delete", id, resource);
    }

    private static ServiceManagerOperation Done(string type, string? resourceId, string resource) =>
        new() { Type = type, State = ServiceManagerOperation.SucceededState, ResourceId = resourceId, ResourceType = "/v1/" + resource };

    /// <summary>Polls the operation until it leaves <c>in progress</c>; a failed one throws, with 409 for a single <c>Conflict</c> error.</summary>
    private Task<ServiceManagerOperation> WaitAsync(Uri operationUrl, CallContext call, long startedAt, CancellationToken cancellationToken) =>
        _poller.PollAsync(
            call,
            startedAt,
            pollFirst: true,
            retryAfter: null,
            (this, operationUrl, call),
            static async (state, cancellationToken) =>
            {
                var (runner, operationUrl, call) = state;
                var (current, retryAfter) = await runner._http.GetOperationAsync(operationUrl, call, cancellationToken).ConfigureAwait(false);
                return current switch
                {
                    { Succeeded: true } => PollStep<ServiceManagerOperation>.Completed(current),
                    { Failed: true } => throw runner.OperationFailed(call, current),
                    _ => PollStep<ServiceManagerOperation>.Pending(current, retryAfter),
                };
            },
            cancellationToken);

    private InstanceManagerException OperationFailed(CallContext call, ServiceManagerOperation failed)
    {
        var errors = OperationErrors(failed.Errors);
        var conflict = errors is [("Conflict", _)];
        var description = errors.Count == 0 ? "no reason given" : string.Join("; ", errors.Select(error => error.Description ?? error.Error));
        var exception = ServiceErrors.Failed(
            call,
            $"the Service Manager's {failed.Type ?? "asynchronous"} operation{(failed.Id is null ? null : " " + failed.Id)} on the {failed.ResourceType ?? "resource"} failed: {description}",
            conflict ? 409 : null,
            description,
            serviceOperationId: failed.Id);
        if (call.TenantId is { } tenantId)
        {
            Log.Failed(_logger, call.Operation, tenantId, exception.Message);
        }

        return exception;
    }

    private static List<(string? Error, string? Description)> OperationErrors(JsonElement? errors)
    {
        var result = new List<(string?, string?)>();
        switch (errors)
        {
            case { ValueKind: JsonValueKind.Object } single:
                result.Add(OperationError(single));
                break;
            case { ValueKind: JsonValueKind.Array } many:
                result.AddRange(many.EnumerateArray().Where(error => error.ValueKind == JsonValueKind.Object).Select(OperationError));
                break;
        }

        return result;
    }

    private static (string? Error, string? Description) OperationError(JsonElement error) =>
        (Text(error, "error"), Text(error, "description"));

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
