using System.Runtime.CompilerServices;
using InstanceManager.Backends;
using InstanceManager.Caching;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.LongRunning;
using InstanceManager.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager;

/// <summary>
/// The facade: validates tenant ids, answers from the cache, coalesces concurrent calls per tenant, and hands
/// everything else to the backend, whose results land back in the _cache.
/// </summary>
internal sealed class InstanceManagerClient : IInstanceManagerClient, IDisposable
{
    private readonly IInstanceBackend _backend;
    private readonly TenantCache _cache;
    private readonly ILogger<InstanceManagerClient> _logger;
    private readonly InstanceManagerMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly InstancePoller _poller;
    private readonly InstanceParameters? _defaultParameters;
    private readonly IReplicaCoordinator _replicas;
    private readonly SingleFlight<ManagedInstance?> _gets = new();
    private readonly SingleFlight<ManagedInstance?> _creates = new();
    private readonly SingleFlight<ManagedInstance?> _deletes = new();
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    public InstanceManagerClient(IInstanceBackend backend, TenantCache cache, InstancePoller poller, IOptions<InstanceManagerOptions> options, InstanceManagerMetrics metrics, TimeProvider timeProvider, ILogger<InstanceManagerClient> logger, IReplicaCoordinator replicas)
    {
        _replicas = replicas;
        _poller = poller;
        _defaultParameters = options.Value.DefaultParameters;
        _backend = backend;
        _cache = cache;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        var call = CallContext.ForTenant(Operations.Create, tenant, _timeProvider);
        using var scope = Scope(call);
        try
        {
            var instance = await _creates.RunAsync(
            tenant,
            (this, call, InstanceParameters.Merge(_defaultParameters, parameters)),
            static async (state, cancellationToken) =>
            {
                var (client, call, parameters) = state;
                // Replicas: one POST across replicas creating the tenant at the same time.
                var created = await client._replicas.CreateAsync(call.Tenant, token => client._backend.CreateAsync(call, parameters, token), cancellationToken).ConfigureAwait(false);
                client._cache.Set(created);
                return created;
            },
            _lifetime.Token,
            cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
            return instance!;
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public ValueTask<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ThrowIfDisposed();

        // Only normalized, valid ids are ever cached, so an id found as given needs no validation: the hit path is
        // one dictionary lookup. Otherwise normalize (which rejects invalid ids) and look again.
        if (_cache.TryGet(tenantId, out var cached))
        {
            _metrics.CacheHits.Add(1);
            return new ValueTask<ManagedInstance?>(cached);
        }

        var tenant = ValidTenantId(tenantId);
        if (!ReferenceEquals(tenant, tenantId) && _cache.TryGet(tenant, out cached))
        {
            _metrics.CacheHits.Add(1);
            return new ValueTask<ManagedInstance?>(cached);
        }

        _metrics.CacheMisses.Add(1);
        return new ValueTask<ManagedInstance?>(GetUncachedAsync(tenant, cancellationToken));
    }

    private async Task<ManagedInstance?> GetUncachedAsync(string tenant, CancellationToken cancellationToken)
    {
        var call = CallContext.ForTenant(Operations.Get, tenant, _timeProvider);
        using var scope = Scope(call);
        try
        {
            var instance = await _gets.RunAsync(
            tenant,
            (this, call),
            static async (state, cancellationToken) =>
            {
                var (client, call) = state;
                // A deletion or invalidation of the tenant while it is read makes the answer this call's only.
                var removals = client._cache.RemovalStamp(call.Tenant);
                // Replicas: the shared cache, else one GET across replicas.
                var instance = await client._replicas.GetAsync(call.Tenant, token => client._backend.GetAsync(call, token), cancellationToken).ConfigureAwait(false);
                if (instance is { Status: InstanceStatus.CreationSucceeded })
                {
                    client._cache.SetUnlessRemovedSince(instance, removals);
                }

                return instance;
            },
            _lifetime.Token,
            cancellationToken).ConfigureAwait(false);
            scope.Succeeded(instance is null ? OperationScope.NotFound : OperationScope.Success);
            return instance;
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var call = CallContext.ForAll(Operations.GetAll, _timeProvider);
        using var scope = Scope(call);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            var removals = _cache.RemovalStamps();
            // Replicas: one download across replicas listing at the same time.
            var instances = await _replicas.GetAllAsync(token => _backend.GetAllAsync(call, token), linked.Token).ConfigureAwait(false);
            var usable = instances.Where(instance => instance.Status == InstanceStatus.CreationSucceeded).ToList();
            _cache.ReplaceAll(usable, removals);
            Log.ListedAll(_logger, instances.Count, usable.Count);
            scope.Succeeded(instances.Count == 0 ? OperationScope.NotFound : OperationScope.Success);
            return instances;
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return EnumerateAsync(cancellationToken);
    }

    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        _cache.Remove(tenant);
        var call = CallContext.ForTenant(Operations.Delete, tenant, _timeProvider);
        using var scope = Scope(call);
        try
        {
            await _deletes.RunAsync(
            tenant,
            (this, call),
            static async (state, cancellationToken) =>
            {
                var (client, call) = state;
                try
                {
                    await client._backend.DeleteAsync(call, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // A get that raced with the deletion may have cached the instance again.
                    client._cache.Remove(call.Tenant);

                    // Replicas: the other replicas drop it too.
                    await client._replicas.InvalidateAsync(call.Tenant, CancellationToken.None).ConfigureAwait(false);
                }

                return null;
            },
            _lifetime.Token,
            cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public async Task<bool> DeleteIfExistsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var operation = (TenantOperation)await StartDeleteAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!operation.Started)
        {
            return false;
        }

        await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<InstanceOperation> StartCreateAsync(string tenantId, InstanceParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        var call = CallContext.ForTenant(Operations.Create, tenant, _timeProvider);
        var merged = InstanceParameters.Merge(_defaultParameters, parameters);
        using var scope = Scope(call);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            await _backend.StartCreateAsync(call, merged, linked.Token).ConfigureAwait(false);
            scope.Succeeded();
            return new TenantOperation(this, InstanceOperationKind.Create, tenant, merged, started: true);
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public async Task<InstanceOperation> StartDeleteAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        _cache.Remove(tenant);
        var call = CallContext.ForTenant(Operations.Delete, tenant, _timeProvider);
        using var scope = Scope(call);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            var found = await _backend.StartDeleteAsync(call, linked.Token).ConfigureAwait(false);
            await _replicas.InvalidateAsync(tenant, CancellationToken.None).ConfigureAwait(false);
            scope.Succeeded(found ? OperationScope.Success : OperationScope.NotFound);
            return new TenantOperation(this, InstanceOperationKind.Delete, tenant, parameters: null, started: found);
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    public InstanceOperation ResumeOperation(string id)
    {
        var (kind, tenantId) = InstanceOperationIds.Parse(id);
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        return new TenantOperation(this, kind, tenant, kind == InstanceOperationKind.Create ? _defaultParameters : null, started: true);
    }

    /// <summary>One look at a tenant's operation, for <see cref="TenantOperation"/>; the outcome lands in the cache.</summary>
    internal Task<OperationCheck> CheckAsync(InstanceOperationKind kind, string tenant, InstanceParameters? parameters, CancellationToken cancellationToken) =>
        FollowAsync(kind, tenant, parameters, untilCompleted: false, cancellationToken);

    /// <summary>Polls a tenant's operation until it ends, within the polling timeout, for <see cref="TenantOperation"/>.</summary>
    internal Task<OperationCheck> WaitAsync(InstanceOperationKind kind, string tenant, InstanceParameters? parameters, CancellationToken cancellationToken) =>
        FollowAsync(kind, tenant, parameters, untilCompleted: true, cancellationToken);

    private async Task<OperationCheck> FollowAsync(InstanceOperationKind kind, string tenant, InstanceParameters? parameters, bool untilCompleted, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var call = CallContext.ForTenant(kind == InstanceOperationKind.Create ? Operations.Create : Operations.Delete, tenant, _timeProvider);
        using var scope = Scope(call);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            var check = untilCompleted
                ? await _poller.PollAsync(
                    call,
                    call.StartedAt,
                    pollFirst: true,
                    retryAfter: null,
                    (Backend: _backend, Call: call, Kind: kind, Parameters: parameters),
                    static async (state, cancellationToken) =>
                    {
                        var check = await state.Backend.CheckAsync(state.Call, state.Kind, state.Parameters, cancellationToken).ConfigureAwait(false);
                        return check.IsCompleted ? PollStep<OperationCheck>.Completed(check) : PollStep<OperationCheck>.Pending(check, check.RetryAfter);
                    },
                    linked.Token).ConfigureAwait(false)
                : await _backend.CheckAsync(call, kind, parameters, linked.Token).ConfigureAwait(false);
            await SettleAsync(tenant, check).ConfigureAwait(false);
            if (check.Failure is { } failure)
            {
                scope.Failed(failure);
            }
            else
            {
                scope.Succeeded();
            }

            return check;
        }
        catch (Exception exception)
        {
            scope.Failed(exception);
            throw;
        }
    }

    /// <summary>
    /// Lands an ended operation's outcome in the cache; other replicas forget what they hold of the tenant (a shared
    /// "no instance" from before the create, or the deleted instance). A replica ignores its own messages.
    /// </summary>
    private async Task SettleAsync(string tenant, OperationCheck check)
    {
        if (!check.IsCompleted)
        {
            return;
        }

        if (check.Value is { Status: InstanceStatus.CreationSucceeded } created)
        {
            _cache.Set(created);
        }
        else
        {
            _cache.Remove(tenant);
        }

        await _replicas.InvalidateAsync(tenant, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task InvalidateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = ValidTenantId(tenantId);
        ThrowIfDisposed();
        _cache.Remove(tenant);
        await _replicas.InvalidateAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Called by the container that created the client; consumers of <see cref="IInstanceManagerClient"/> cannot dispose it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private async IAsyncEnumerable<ManagedInstance> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await foreach (var instance in _backend.EnumerateAllAsync(CallContext.ForAll(Operations.GetAll, _timeProvider), linked.Token).ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    private OperationScope Scope(CallContext call) => new(_metrics, _timeProvider, call, _backend.Name);

    /// <summary>The normalized tenant id, if both the general rules and the backend's accept it; else <see cref="ArgumentException"/>, before any request.</summary>
    private string ValidTenantId(string tenantId)
    {
        var tenant = TenantIds.Normalize(tenantId);
        _backend.ValidateTenantId(tenant);
        return tenant;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
