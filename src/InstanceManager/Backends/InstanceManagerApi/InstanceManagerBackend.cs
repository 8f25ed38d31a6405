using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.Polling;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends.InstanceManagerApi;

/// <summary>The official clients' algorithms over the Instance Manager REST API.</summary>
internal sealed class InstanceManagerBackend(InstanceManagerHttpClient http, InstancePoller poller, TimeProvider timeProvider, ILogger<InstanceManagerBackend> logger) : IInstanceBackend
{
    private readonly InstanceManagerHttpClient _http = http;

    /// <summary>The tenant id the health check reads; no real tenant is expected to have it.</summary>
    public const string ProbeTenantId = "instance-manager-health-probe";

    public string Name => "instance-manager";

    /// <summary>Every normalized tenant id travels percent-encoded in one path segment.</summary>
    public void ValidateTenantId(string tenantId)
    {
    }

    public Task<ManagedInstance> CreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        // The poll after the POST never ends in a transient failure (those are polled again until the budget runs
        // out), so only the POST's unknown outcome reaches CreateOnce's recovery.
        return CreateOnce.RunAsync<ManagedInstance, ManagedInstance>(
            call,
            logger,
            async cancellationToken =>
            {
                await _http.CreateAsync(call, parameters, cancellationToken).ConfigureAwait(false);
                return await WaitForCreationAsync(call, startedAt, pollFirst: true, retryAfter: null, cancellationToken).ConfigureAwait(false);
            },
            async cancellationToken => (await _http.GetAsync(call, cancellationToken).ConfigureAwait(false)).Instance,
            (existing, _, cancellationToken) => existing.Status switch
            {
                InstanceStatus.CreationInProgress => WaitForCreationAsync(call, startedAt, pollFirst: false, retryAfter: null, cancellationToken),
                InstanceStatus.CreationSucceeded => Task.FromResult(existing),
                _ => throw Failed(call, existing),
            },
            cancellationToken);
    }

    public async Task<ManagedInstance?> GetAsync(CallContext call, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        var (instance, retryAfter) = await _http.GetAsync(call, cancellationToken).ConfigureAwait(false);
        if (instance is not { Status: InstanceStatus.CreationInProgress })
        {
            return instance;
        }

        return await WaitForCreationAsync(call, startedAt, pollFirst: false, retryAfter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CallContext call, CancellationToken cancellationToken) =>
        await _http.GetAllAsync(call, cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CallContext call, CancellationToken cancellationToken) =>
        _http.EnumerateAllAsync(call, cancellationToken);

    public async Task DeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        await _http.DeleteAsync(call, cancellationToken).ConfigureAwait(false);
        await poller.PollAsync(
            call,
            startedAt,
            pollFirst: true,
            retryAfter: null,
            (this, call),
            static async (state, cancellationToken) =>
            {
                var (backend, call) = state;
                var (instance, retryAfter) = await backend._http.GetAsync(call, cancellationToken).ConfigureAwait(false);
                return instance?.Status switch
                {
                    null => PollStep<bool>.Completed(true),
                    InstanceStatus.DeletionInProgress => PollStep<bool>.Pending(false, retryAfter),
                    _ => throw backend.Failed(call, instance),
                };
            },
            cancellationToken).ConfigureAwait(false);
        Log.Deleted(logger, call.Tenant);
    }

    /// <summary>Reads the instance of a tenant that does not exist: a 404 of a few bytes, unlike a list of every instance.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await _http.GetAsync(ProbeTenantId, CallContext.Named(Operations.HealthCheck, timeProvider), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<ManagedInstance> WaitForCreationAsync(CallContext call, long startedAt, bool pollFirst, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var instance = await poller.PollAsync(
            call,
            startedAt,
            pollFirst,
            retryAfter,
            (this, call),
            static async (state, cancellationToken) =>
            {
                var (backend, call) = state;
                var (instance, retryAfter) = await backend._http.GetAsync(call, cancellationToken).ConfigureAwait(false);
                return instance?.Status switch
                {
                    null => throw ServiceErrors.Failed(call, "no instance found while polling (the service answered 404).", statusCode: 404),
                    InstanceStatus.CreationInProgress => PollStep<ManagedInstance>.Pending(instance, retryAfter),
                    InstanceStatus.CreationSucceeded => PollStep<ManagedInstance>.Completed(instance),
                    _ => throw backend.Failed(call, instance),
                };
            },
            cancellationToken).ConfigureAwait(false);
        Log.Completed(logger, call.Operation, call.Tenant, instance.Status);
        return instance;
    }

    private InstanceOperationFailedException Failed(CallContext call, ManagedInstance instance)
    {
        var exception = ServiceErrors.InstanceFailed(call, instance);
        Log.Failed(logger, call.Operation, instance.TenantId, exception.Message);
        return exception;
    }
}
