using InstanceManager.Diagnostics;
using InstanceManager.Polling;
using InstanceManager.Serialization;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends.InstanceManager;

/// <summary>The official clients' algorithms over the Instance Manager REST API.</summary>
internal sealed class InstanceManagerBackend : IInstanceBackend
{
    private readonly InstanceManagerHttpClient _http;
    private readonly InstancePoller _poller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InstanceManagerBackend> _logger;

    public InstanceManagerBackend(InstanceManagerHttpClient http, InstancePoller poller, TimeProvider timeProvider, ILogger<InstanceManagerBackend> logger)
    {
        _http = http;
        _poller = poller;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name => "instance-manager";

    public async Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        try
        {
            await _http.CreateAsync(tenantId, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (exception.IsTransient)
        {
            // The POST may or may not have reached the service. It is never replayed blindly: look first.
            Log.CreateOutcomeUnknown(_logger, tenantId, exception.Message);
            return await ResumeCreationAsync(tenantId, parameters, startedAt, exception, cancellationToken).ConfigureAwait(false);
        }

        return await WaitForCreationAsync(Operations.Create, tenantId, startedAt, pollFirst: true, retryAfter: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a POST whose outcome is unknown: an instance that exists is waited for; when there is none, the POST
    /// is sent once more, and a 409 then means the first one arrived after all, so that instance is waited for.
    /// </summary>
    private async Task<ManagedInstance> ResumeCreationAsync(string tenantId, InstanceParameters? parameters, long startedAt, InstanceManagerException firstFailure, CancellationToken cancellationToken)
    {
        var (existing, _) = await _http.GetAsync(tenantId, Operations.Create, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await _http.CreateAsync(tenantId, parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceManagerException exception) when (exception.StatusCode == 409)
            {
                // The first POST arrived meanwhile.
            }
            catch (InstanceManagerException exception) when (exception.IsTransient)
            {
                throw new InstanceManagerException(firstFailure.Message, Operations.Create, tenantId, firstFailure.StatusCode, firstFailure.ServerDescription, exception) { IsTransient = true };
            }
        }
        else if (existing.Status != InstanceStatus.CreationInProgress)
        {
            return existing.Status == InstanceStatus.CreationSucceeded ? existing : throw Failed(Operations.Create, existing);
        }

        return await WaitForCreationAsync(Operations.Create, tenantId, startedAt, pollFirst: false, retryAfter: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        var (instance, retryAfter) = await _http.GetAsync(tenantId, Operations.Get, cancellationToken).ConfigureAwait(false);
        if (instance is not { Status: InstanceStatus.CreationInProgress })
        {
            return instance;
        }

        return await WaitForCreationAsync(Operations.Get, tenantId, startedAt, pollFirst: false, retryAfter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken) =>
        await _http.GetAllAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken) =>
        _http.EnumerateAllAsync(cancellationToken);

    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetTimestamp();
        await _http.DeleteAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await _poller.PollAsync(
            Operations.Delete,
            tenantId,
            startedAt,
            pollFirst: true,
            retryAfter: null,
            (this, tenantId),
            static async (state, cancellationToken) =>
            {
                var (backend, tenantId) = state;
                var (instance, retryAfter) = await backend._http.GetAsync(tenantId, Operations.Delete, cancellationToken).ConfigureAwait(false);
                return instance?.Status switch
                {
                    null => PollStep<bool>.Completed(true),
                    InstanceStatus.DeletionInProgress => PollStep<bool>.Pending(false, retryAfter),
                    _ => throw backend.Failed(Operations.Delete, instance),
                };
            },
            cancellationToken).ConfigureAwait(false);
        Log.Deleted(_logger, tenantId);
    }

    private async Task<ManagedInstance> WaitForCreationAsync(string operation, string tenantId, long startedAt, bool pollFirst, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var instance = await _poller.PollAsync(
            operation,
            tenantId,
            startedAt,
            pollFirst,
            retryAfter,
            (this, tenantId, operation),
            static async (state, cancellationToken) =>
            {
                var (backend, tenantId, operation) = state;
                var (instance, retryAfter) = await backend._http.GetAsync(tenantId, operation, cancellationToken).ConfigureAwait(false);
                return instance?.Status switch
                {
                    null => throw new InstanceManagerException(
                        $"{ServiceErrors.Subject(operation, tenantId)} failed: no instance found while polling (the service answered 404).",
                        operation,
                        tenantId,
                        statusCode: 404),
                    InstanceStatus.CreationInProgress => PollStep<ManagedInstance>.Pending(instance, retryAfter),
                    InstanceStatus.CreationSucceeded => PollStep<ManagedInstance>.Completed(instance),
                    _ => throw backend.Failed(operation, instance),
                };
            },
            cancellationToken).ConfigureAwait(false);
        Log.Completed(_logger, operation, tenantId, instance.Status);
        return instance;
    }

    private InstanceOperationFailedException Failed(string operation, ManagedInstance instance)
    {
        var exception = new InstanceOperationFailedException(operation, instance, instance.StatusText);
        Log.Failed(_logger, operation, instance.TenantId, exception.Message);
        return exception;
    }
}
