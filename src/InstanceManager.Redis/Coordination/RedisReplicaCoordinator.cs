using InstanceManager.Caching;
using InstanceManager.Redis.Diagnostics;
using InstanceManager.Redis.Protection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstanceManager.Redis.Coordination;

/// <summary>
/// Coordinates this replica with the others through Redis: a shared, encrypted second-level cache; one service call
/// per tenant across replicas (a short-lived lock, <c>SET NX PX</c>, the others waiting for its result); one list
/// download for replicas listing at the same time; invalidation messages (pub/sub) that make every replica drop a
/// tenant. Whenever Redis fails or is slower than <see cref="InstanceManagerRedisOptions.OperationTimeout"/>, the call
/// goes to the service as without Redis.
/// </summary>
internal sealed partial class RedisReplicaCoordinator : IReplicaCoordinator, IDisposable
{
    /// <summary>For outcomes that hold whatever the generation (a create makes a new one).</summary>
    private const string AnyGeneration = "*";

    // A waiting replica looks again after 2 ms, then doubles up to 100 ms: a cold get takes a few ms against the
    // emulator and tens to hundreds against the service, so the first looks are cheap and later ones rare.
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(100);

    private readonly RedisConnection _connection;
    private readonly TenantCache _cache;
    private readonly RedisKeys _keys;
    private readonly EntryProtector _protector;
    private readonly RedisMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisReplicaCoordinator> _logger;
    private readonly TimeSpan _entryLifetime;
    private readonly TimeSpan _createLockLifetime;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeSpan _listReuse;

    /// <summary>This replica's id in invalidation messages, so that it ignores its own.</summary>
    private readonly string _replicaId = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _subscribedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public RedisReplicaCoordinator(
        RedisConnection connection,
        TenantCache cache,
        IOptions<InstanceManagerOptions> binding,
        IOptions<InstanceManagerRedisOptions> options,
        RedisMetrics metrics,
        TimeProvider timeProvider,
        ILogger<RedisReplicaCoordinator> logger)
    {
        var redis = options.Value;
        _connection = connection;
        _cache = cache;
        _keys = ReplicaScope.Keys(binding.Value, redis);
        _protector = ReplicaScope.Protector(binding.Value, redis);
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _entryLifetime = binding.Value.CacheItemExpiration;
        _lockTimeout = redis.LockTimeout;
        _createLockLifetime = binding.Value.PollingTimeout + redis.LockTimeout;
        _operationTimeout = redis.OperationTimeout;
        _listReuse = redis.ListReuse;

        _connection.Restored += OnRestored;
        _ = SubscribeWhenConnectedAsync();
    }

    /// <summary>Raised after another replica's message dropped a tenant here.</summary>
    internal event Action<string>? InvalidationReceived;

    /// <summary>Raised after the in-process cache was cleared because the connection to Redis was restored.</summary>
    internal event Action? Cleared;

    internal RedisKeys Keys => _keys;

    /// <summary>Completes when this replica first listens to the others' messages.</summary>
    internal Task Subscribed => _subscribedOnce.Task;

    public async Task<ManagedInstance?> GetAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance?>> fetch, CancellationToken cancellationToken)
    {
        var key = _keys.Instance(tenantId);
        var generationKey = _keys.Generation(tenantId);
        var lockKey = _keys.GetLock(tenantId);
        var token = NewToken();
        while (_connection.Database is { } database)
        {
            var shared = await ReadInstanceAsync(database, key, generationKey).ConfigureAwait(false);
            if (!shared.Succeeded)
            {
                break;
            }

            if (shared.Value.Instance is { } found)
            {
                _metrics.SharedHits.Add(1);
                return found;
            }

            var taken = await TryAsync("SET NX", database.LockTakeAsync(lockKey, token, _lockTimeout)).ConfigureAwait(false);
            if (!taken.Succeeded)
            {
                break;
            }

            if (taken.Value)
            {
                try
                {
                    // The replica that held the lock before may have shared the entry since this one looked; and the
                    // generation read here, before the service is, decides whether what the service answers is shared.
                    var again = await ReadInstanceAsync(database, key, generationKey).ConfigureAwait(false);
                    if (again.Value.Instance is { } sharedMeanwhile)
                    {
                        _metrics.SharedHits.Add(1);
                        return sharedMeanwhile;
                    }

                    _metrics.SharedMisses.Add(1);
                    var instance = await fetch(cancellationToken).ConfigureAwait(false);
                    if (again.Succeeded)
                    {
                        await ShareFetchedAsync(database, tenantId, token, again.Value.Generation, instance).ConfigureAwait(false);
                    }

                    return instance;
                }
                finally
                {
                    await TryAsync("DEL lock", RedisScripts.ReleaseLockAsync(database, lockKey, token)).ConfigureAwait(false);
                }
            }

            // Another replica is reading this tenant from the service: its answer is this call's, including "none",
            // if it read under the generation this replica saw (else the tenant was invalidated meanwhile: look again).
            var generation = shared.Value.Generation;
            var joined = await WaitForOutcomeAsync(database, lockKey, _keys.Fetched, generation, _lockTimeout, cancellationToken).ConfigureAwait(false);
            if (!joined.Succeeded)
            {
                break;
            }

            if (joined.Value is { } outcome)
            {
                _metrics.SharedResults.Add(1);
                RedisLog.Joined(_logger, "Get", tenantId);
                return outcome.AsSpan().SequenceEqual(NoInstance) ? null : InstanceCodec.Decode(outcome);
            }
        }

        return await fetch(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ManagedInstance> CreateAsync(string tenantId, Func<CancellationToken, Task<ManagedInstance>> create, CancellationToken cancellationToken)
    {
        var lockKey = _keys.CreateLock(tenantId);
        var token = NewToken();
        while (_connection.Database is { } database)
        {
            var taken = await TryAsync("SET NX", database.LockTakeAsync(lockKey, token, _createLockLifetime)).ConfigureAwait(false);
            if (!taken.Succeeded)
            {
                break;
            }

            if (taken.Value)
            {
                try
                {
                    var created = await create(cancellationToken).ConfigureAwait(false);
                    var json = InstanceCodec.Encode(created);
                    var createdKey = _keys.Created(token);
                    var instanceKey = _keys.Instance(tenantId);

                    // For the replicas waiting on this lock (kept as long as they may wait), for later misses, and a
                    // message so that no replica keeps an instance of an earlier subscription of the tenant.
                    // A new generation of the tenant first: what a replica read before this create is not shared.
                    var batch = database.CreateBatch();
                    var writes = Task.WhenAll(
                        NextGenerationAsync(batch, tenantId),
                        batch.StringSetAsync(createdKey, Seal(json, createdKey, AnyGeneration), _createLockLifetime),
                        batch.StringSetAsync(instanceKey, Seal(json, instanceKey), _entryLifetime),
                        batch.KeyDeleteAsync(_keys.LatestList),
                        batch.PublishAsync(_keys.Invalidations, Message(tenantId)));
                    batch.Execute();
                    await TryAsync("SET created", writes).ConfigureAwait(false);
                    return created;
                }
                finally
                {
                    await TryAsync("DEL lock", RedisScripts.ReleaseLockAsync(database, lockKey, token)).ConfigureAwait(false);
                }
            }

            // Another replica is creating this tenant right now: its outcome is this call's.
            var joined = await WaitForOutcomeAsync(database, lockKey, _keys.Created, AnyGeneration, _createLockLifetime, cancellationToken).ConfigureAwait(false);
            if (!joined.Succeeded)
            {
                break;
            }

            if (joined.Value is { } entry)
            {
                _metrics.SharedResults.Add(1);
                RedisLog.Joined(_logger, "Create", tenantId);
                return InstanceCodec.Decode(entry);
            }

            // Its create failed (409 if the instance existed before, for example): this one tries on its own, and
            // gets the service's answer.
        }

        return await create(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(Func<CancellationToken, Task<IReadOnlyList<ManagedInstance>>> list, CancellationToken cancellationToken)
    {
        var token = NewToken();
        while (_connection.Database is { } database)
        {
            var latest = await ReadLatestListAsync(database).ConfigureAwait(false);
            if (!latest.Succeeded)
            {
                break;
            }

            if (latest.Value.List is { } reused)
            {
                return reused;
            }

            var taken = await TryAsync("SET NX", database.LockTakeAsync(_keys.ListLock, token, _lockTimeout)).ConfigureAwait(false);
            if (!taken.Succeeded)
            {
                break;
            }

            if (taken.Value)
            {
                try
                {
                    // The replica that held the lock before may have shared its list since this one looked.
                    var again = await ReadLatestListAsync(database).ConfigureAwait(false);
                    if (again.Value.List is { } sharedMeanwhile)
                    {
                        return sharedMeanwhile;
                    }

                    var instances = await list(cancellationToken).ConfigureAwait(false);
                    await ShareListAsync(database, token, latest.Value.Generation, instances).ConfigureAwait(false);
                    return instances;
                }
                finally
                {
                    await TryAsync("DEL lock", RedisScripts.ReleaseLockAsync(database, _keys.ListLock, token)).ConfigureAwait(false);
                }
            }

            var joined = await WaitForOutcomeAsync(database, _keys.ListLock, _keys.List, latest.Value.Generation, _lockTimeout, cancellationToken).ConfigureAwait(false);
            if (!joined.Succeeded)
            {
                break;
            }

            if (joined.Value is { } entry)
            {
                var instances = InstanceCodec.DecodeList(entry);
                RedisLog.ListShared(_logger, instances.Count);
                return instances;
            }
        }

        return await list(cancellationToken).ConfigureAwait(false);
    }

    public async Task InvalidateAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_connection.Database is not { } database)
        {
            return;
        }

        // In this order, on one connection: a new generation (so that no replica shares what it read before), then
        // the shared entries go, then the message. A replica that gets the message can no longer read the old entry.
        var batch = database.CreateBatch();
        var writes = Task.WhenAll(
            NextGenerationAsync(batch, tenantId),
            batch.KeyDeleteAsync(_keys.Instance(tenantId)),
            batch.KeyDeleteAsync(_keys.LatestList),
            batch.PublishAsync(_keys.Invalidations, Message(tenantId)));
        batch.Execute();
        await TryAsync("INCR + DEL + PUBLISH", writes.WaitAsync(cancellationToken)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.Restored -= OnRestored;
        _lifetime.Cancel();
        if (_connection.Multiplexer is { } multiplexer)
        {
            try
            {
                multiplexer.GetSubscriber().Unsubscribe(_keys.Invalidations, OnMessage, CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // Gone with the connection.
            }
        }

        _protector.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>What a lock holder leaves for the replicas that waited when the tenant has no instance.</summary>
    private static ReadOnlySpan<byte> NoInstance => "null"u8;

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static TimeSpan Next(TimeSpan wait) => wait * 2 < LongestWait ? wait * 2 : LongestWait;

    private string Message(string tenantId) => $"{_replicaId}\n{tenantId}";

    private byte[] Seal(byte[] json, string key) => _protector.Protect(json, key);

    /// <summary>An outcome for waiting replicas: the generation it was read under, a line break, the JSON.</summary>
    private byte[] Seal(byte[] json, string key, string generation)
    {
        var tagged = new byte[generation.Length + 1 + json.Length];
        var length = System.Text.Encoding.ASCII.GetBytes(generation, tagged);
        tagged[length] = (byte)'\n';
        json.CopyTo(tagged, length + 1);
        return _protector.Protect(tagged, key);
    }

    private (string Generation, byte[] Json)? OpenTagged(RedisValue value, string key)
    {
        if (Open(value, key) is not { } tagged || Array.IndexOf(tagged, (byte)'\n') is not (>= 0 and var separator))
        {
            return null;
        }

        return (System.Text.Encoding.ASCII.GetString(tagged, 0, separator), tagged[(separator + 1)..]);
    }

    private byte[]? Open(RedisValue value, string key)
    {
        if (value.IsNull)
        {
            return null;
        }

        var plaintext = _protector.Unprotect((byte[])value!, key);
        if (plaintext is null)
        {
            RedisLog.UnreadableEntry(_logger);
        }

        return plaintext;
    }

    /// <summary>
    /// Waits until the lock's holder (the replica doing the call) has left its outcome under its token, or let go of
    /// the lock without one. Returns the outcome if the holder made its call under <paramref name="generation"/> (or
    /// <see cref="AnyGeneration"/>); else <see langword="null"/>, and the caller looks again: the holder failed, or the
    /// tenant was invalidated since it began (its outcome may predate a deletion).
    /// </summary>
    /// <remarks>
    /// The outcome is looked for while the lock is held, not only once it is released: a release can be lost (a
    /// command given up under load), and the lock then only expires after its lifetime. A holder that left an outcome
    /// is done, so its lock is released here (token-checked: only if it is still that holder's).
    /// </remarks>
    private async Task<Attempt<byte[]?>> WaitForOutcomeAsync(IDatabase database, string lockKey, Func<string, string> outcomeKey, string generation, TimeSpan longest, CancellationToken cancellationToken)
    {
        var holder = await TryAsync("GET lock", database.StringGetAsync(lockKey)).ConfigureAwait(false);
        if (!holder.Succeeded)
        {
            return Attempt<byte[]?>.Failed;
        }

        if (holder.Value.IsNull)
        {
            return new(null);
        }

        var key = outcomeKey(holder.Value.ToString());
        var startedAt = _timeProvider.GetTimestamp();
        var wait = FirstWait;
        while (true)
        {
            var current = await TryAsync("MGET lock", database.StringGetAsync([lockKey, key])).ConfigureAwait(false);
            if (!current.Succeeded)
            {
                return Attempt<byte[]?>.Failed;
            }

            if (OpenTagged(current.Value[1], key) is { } outcome)
            {
                if (current.Value[0] == holder.Value)
                {
                    await TryAsync("DEL lock", RedisScripts.ReleaseLockAsync(database, lockKey, holder.Value)).ConfigureAwait(false);
                }

                return new(generation == AnyGeneration || outcome.Generation == generation ? outcome.Json : null);
            }

            if (current.Value[0] != holder.Value || _timeProvider.GetElapsedTime(startedAt) > longest)
            {
                return new(null);
            }

            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            wait = Next(wait);
        }
    }

    /// <summary>The shared entry of a tenant, if any, and the tenant's generation, in one command (<c>MGET</c>).</summary>
    private async Task<Attempt<SharedEntry>> ReadInstanceAsync(IDatabase database, string key, string generationKey)
    {
        var read = await TryAsync("MGET", database.StringGetAsync([key, generationKey])).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return Attempt<SharedEntry>.Failed;
        }

        var instance = Open(read.Value[0], key) is { } json ? InstanceCodec.Decode(json) : null;
        return new(new SharedEntry(instance, GenerationOf(read.Value[1])));
    }

    /// <summary>
    /// What this replica read from the service, for the replicas waiting on its lock (even "no instance") and, when
    /// usable, as the shared entry — only if the tenant's generation is still the one read before the service was:
    /// otherwise the tenant was deleted, created or invalidated meanwhile, and this answer may be older than that.
    /// It may be newer than what the others hold (a tenant gone, re-created, its credentials rotated): they are told
    /// to drop their copy.
    /// </summary>
    private async Task ShareFetchedAsync(IDatabase database, string tenantId, string token, string generation, ManagedInstance? instance)
    {
        var json = instance is null ? NoInstance.ToArray() : InstanceCodec.Encode(instance);
        var fetchedKey = _keys.Fetched(token);
        var writes = new List<Task>(3)
        {
            // Tagged with the generation: a waiter takes it only if it saw the same one.
            database.StringSetAsync(fetchedKey, Seal(json, fetchedKey, generation), _lockTimeout),
            database.PublishAsync(_keys.Invalidations, Message(tenantId)),
        };
        Task<bool>? shared = null;
        if (instance is { Status: InstanceStatus.CreationSucceeded })
        {
            var key = _keys.Instance(tenantId);
            shared = RedisScripts.SetIfGenerationAsync(database, _keys.Generation(tenantId), generation, [(key, Seal(json, key), _entryLifetime)]);
            writes.Add(shared);
        }

        var written = await TryAsync("SET fetched", Task.WhenAll(writes)).ConfigureAwait(false);
        if (written.Succeeded && shared is { Result: false })
        {
            _metrics.StaleDiscarded.Add(1);
            RedisLog.StaleNotShared(_logger, tenantId);
        }
    }

    /// <summary>
    /// The list generation and, if a list is shared under it, that list: a list downloaded before a tenant was
    /// invalidated is not taken.
    /// </summary>
    private async Task<Attempt<SharedList>> ReadLatestListAsync(IDatabase database)
    {
        var latest = await TryAsync("MGET list", database.StringGetAsync([_keys.LatestList, _keys.ListGeneration])).ConfigureAwait(false);
        if (!latest.Succeeded)
        {
            return Attempt<SharedList>.Failed;
        }

        var generation = GenerationOf(latest.Value[1]);
        var list = latest.Value[0].HasValue ? await ReadListAsync(database, latest.Value[0].ToString(), generation).ConfigureAwait(false) : null;
        return new(new SharedList(list, generation));
    }

    private async Task<IReadOnlyList<ManagedInstance>?> ReadListAsync(IDatabase database, string token, string generation)
    {
        var key = _keys.List(token);
        var entry = await TryAsync("GET list", database.StringGetAsync(key)).ConfigureAwait(false);
        return entry.Succeeded && OpenTagged(entry.Value, key) is { } list && list.Generation == generation ? InstanceCodec.DecodeList(list.Json) : null;
    }

    /// <summary>The list for the replicas waiting on the lock and, for <see cref="InstanceManagerRedisOptions.ListReuse"/>, for later ones; its usable instances as shared entries.</summary>
    /// <remarks>
    /// Only if no tenant was invalidated since before the download (the list generation is unchanged); otherwise the
    /// list is this caller's alone, and the waiters download their own.
    /// </remarks>
    private async Task ShareListAsync(IDatabase database, string token, string generation, IReadOnlyList<ManagedInstance> instances)
    {
        var listKey = _keys.List(token);
        var entries = new List<(string Key, byte[] Value, TimeSpan Lifetime)>(instances.Count + 2)
        {
            (listKey, Seal(InstanceCodec.EncodeList(instances), listKey, generation), _listReuse > _lockTimeout ? _listReuse : _lockTimeout),
        };
        if (_listReuse > TimeSpan.Zero)
        {
            entries.Add((_keys.LatestList, System.Text.Encoding.UTF8.GetBytes(token), _listReuse));
        }

        foreach (var instance in instances)
        {
            if (instance.Status == InstanceStatus.CreationSucceeded)
            {
                var key = _keys.Instance(instance.TenantId);
                entries.Add((key, Seal(InstanceCodec.Encode(instance), key), _entryLifetime));
            }
        }

        var shared = await TryAsync("EVAL list", RedisScripts.SetIfGenerationAsync(database, _keys.ListGeneration, generation, entries)).ConfigureAwait(false);
        if (shared is { Succeeded: true, Value: false })
        {
            _metrics.StaleDiscarded.Add(1);
        }
    }

    /// <summary>
    /// Adds a new generation of the tenant (and so of the list) to <paramref name="batch"/>. It lives as long as a
    /// read that began before it may still be under way (an entry's lifetime, at least a create's lock).
    /// </summary>
    private Task NextGenerationAsync(IBatch batch, string tenantId)
    {
        var lifetime = _entryLifetime > _createLockLifetime ? _entryLifetime : _createLockLifetime;
        var tenant = _keys.Generation(tenantId);
        return Task.WhenAll(
            batch.StringIncrementAsync(tenant),
            batch.KeyExpireAsync(tenant, lifetime),
            batch.StringIncrementAsync(_keys.ListGeneration),
            batch.KeyExpireAsync(_keys.ListGeneration, lifetime));
    }

    private static string GenerationOf(RedisValue value) => value.IsNull ? "0" : value.ToString();

    /// <summary>A Redis command that may fail or time out without failing the call: then the caller goes to the service.</summary>
    private async Task<Attempt<T>> TryAsync<T>(string command, Task<T> task)
    {
        try
        {
            var value = await task.WaitAsync(_operationTimeout, _timeProvider).ConfigureAwait(false);
            _connection.ReportSuccess();
            return new(value);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(command, exception, task);
            return Attempt<T>.Failed;
        }
    }

    private async Task<Attempt<bool>> TryAsync(string command, Task task)
    {
        try
        {
            await task.WaitAsync(_operationTimeout, _timeProvider).ConfigureAwait(false);
            _connection.ReportSuccess();
            return new(true);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(command, exception, task);
            return Attempt<bool>.Failed;
        }
    }

    private void Failed(string command, Exception exception, Task task)
    {
        // A command given up on may still fail later; observe it so that it is not reported as unobserved.
        _ = task.ContinueWith(static done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _metrics.CommandErrors.Add(1, new KeyValuePair<string, object?>(RedisMetrics.CommandTag, command));
        RedisLog.CommandFailed(_logger, command, exception.Message);
        _connection.ReportFailure(exception.GetType().Name);
    }

    private async Task SubscribeWhenConnectedAsync()
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connection.Connecting.ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            _connection.ReportFailure(exception.Message);
            return;
        }

        // StackExchange.Redis subscribes again after a reconnect only to what was subscribed once, and raises no event
        // when a connection that never came up comes up; so until the first subscription succeeds, try again every
        // second (its own reconnect period, LinearRetry(1000)).
        while (!_lifetime.IsCancellationRequested)
        {
            if (multiplexer.IsConnected)
            {
                var subscribed = await TryAsync("SUBSCRIBE", multiplexer.GetSubscriber().SubscribeAsync(_keys.Invalidations, OnMessage)).ConfigureAwait(false);
                if (subscribed.Succeeded)
                {
                    _subscribedOnce.TrySetResult();
                    return;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, _lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var text = message.ToString();
        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator < 0 || text.AsSpan(0, separator).SequenceEqual(_replicaId))
        {
            return;
        }

        var tenantId = text[(separator + 1)..];
        _cache.Remove(tenantId);
        _metrics.InvalidationsReceived.Add(1);
        RedisLog.InvalidationReceived(_logger, tenantId);
        InvalidationReceived?.Invoke(tenantId);
    }

    private void OnRestored()
    {
        // Messages sent while this replica was cut off are lost: what it holds may be stale.
        _cache.Clear();
        Cleared?.Invoke();
    }

    private readonly record struct SharedEntry(ManagedInstance? Instance, string Generation);

    private readonly record struct SharedList(IReadOnlyList<ManagedInstance>? List, string Generation);

    private readonly record struct Attempt<T>(T Value, bool Succeeded = true)
    {
        public static Attempt<T> Failed => new(default!, false);
    }
}
