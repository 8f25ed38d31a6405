using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.LongRunning;
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
    public Task StartCreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken) =>
        CreateOnce.RunAsync<ManagedInstance, bool>(
            call,
            logger,
            async cancellationToken =>
            {
                await _http.CreateAsync(call, parameters, cancellationToken).ConfigureAwait(false);
                return true;
            },
            async cancellationToken => (await _http.GetAsync(call, cancellationToken).ConfigureAwait(false)).Instance,
            (existing, _, _) => existing.Status is InstanceStatus.CreationInProgress or InstanceStatus.CreationSucceeded
                ? Task.FromResult(true)
                : throw Failed(call, existing),
            cancellationToken);

    public async Task<bool> StartDeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        try
        {
            await _http.DeleteAsync(call, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InstanceManagerException exception) when (exception.StatusCode == 404)
        {
            return false;
        }
    }

    public async Task<OperationCheck> CheckAsync(CallContext call, InstanceOperationKind kind, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        var (instance, retryAfter) = await _http.GetAsync(call, cancellationToken).ConfigureAwait(false);
        if (kind == InstanceOperationKind.Delete)
        {
            return instance?.Status switch
            {
                null => OperationCheck.Succeeded(null),
                InstanceStatus.DeletionInProgress => OperationCheck.Running(retryAfter),
                InstanceStatus.DeletionFailed => OperationCheck.Failed(Failed(call, instance)),
                _ => OperationCheck.Failed(ServiceErrors.Failed(call, $"the instance is {instance.StatusText}: it is not being deleted.")),
            };
        }

        return instance?.Status switch
        {
            null => OperationCheck.Failed(ServiceErrors.Failed(call, "the tenant has no instance (the service answered 404): it was deleted, or its creation was never accepted.", statusCode: 404)),
            InstanceStatus.CreationInProgress => OperationCheck.Running(retryAfter),
            InstanceStatus.CreationSucceeded => OperationCheck.Succeeded(instance),
            InstanceStatus.CreationFailed => OperationCheck.Failed(Failed(call, instance)),
            _ => OperationCheck.Failed(ServiceErrors.Failed(call, $"the instance is {instance.StatusText}: it is being deleted, not created.")),
        };
    }

    public async Task<IReadOnlyList<TenantState>> InventoryAsync(CallContext call, CancellationToken cancellationToken)
    {
        var states = new List<TenantState>();
        await foreach (var instance in _http.EnumerateAllAsync(call, cancellationToken).ConfigureAwait(false))
        {
            states.Add(new TenantState(instance.TenantId, instance.Status, BindingState.NotApplicable, instance.FailedMessage));
        }

        return states;
    }

    public Task<ManagedInstance> RepairBindingAsync(CallContext call, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The Instance Manager's instances carry their credentials: there is no binding to repair.");

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
