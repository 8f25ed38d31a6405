using InstanceManager.Reconciliation;
using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Diagnostics;
using InstanceManager.Redis.Protection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstanceManager.Redis.Reconciliation;

/// <summary>
/// One replica at a time runs the reconciliation: a Redis lock (<c>SET NX PX</c>) under the binding's prefix, with a
/// random token, renewed while held and released when the run ends (both token-checked: <see cref="RedisScripts"/>). A replica that vanishes lets the lease expire after <see cref="InstanceManagerRedisOptions.LockTimeout"/>.
/// When Redis is unavailable the lease is granted: a redundant run is harmless, a missed one is not.
/// </summary>
internal sealed class RedisReconciliationLease : IReconciliationLease
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisReconciliationLease> _logger;
    private readonly string _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeSpan _operationTimeout;

    public RedisReconciliationLease(
        RedisConnection connection,
        IOptions<InstanceManagerOptions> binding,
        IOptions<InstanceManagerRedisOptions> options,
        TimeProvider timeProvider,
        ILogger<RedisReconciliationLease> logger)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
        _key = ReplicaScope.Keys(binding.Value, options.Value).ReconciliationLease;
        _lifetime = options.Value.LockTimeout;
        _operationTimeout = options.Value.OperationTimeout;
    }

    /// <summary>Raised after a held lease was renewed in Redis (whether it was still this replica's).</summary>
    internal event Action<bool>? Renewed;

    internal string Key => _key;

    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        try
        {
            // At start-up, the first connection attempt (at most its connect timeout): granting the lease to every
            // replica only because none was connected yet would make them all reconcile at once.
            await _connection.Connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Reported by the connection; granted below.
        }

        if (_connection.Database is not { } database)
        {
            RedisLog.LeaseGrantedWithoutRedis(_logger, "not connected");
            return new Held(this, database: null, token: string.Empty);
        }

        var token = Guid.NewGuid().ToString("N");
        try
        {
            var taken = await database.LockTakeAsync(_key, token, _lifetime).WaitAsync(_operationTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            _connection.ReportSuccess();
            return taken ? new Held(this, database, token) : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            _connection.ReportFailure(exception.GetType().Name);
            RedisLog.LeaseGrantedWithoutRedis(_logger, exception.Message);
            return new Held(this, database: null, token: string.Empty);
        }
    }

    /// <summary>
    /// A held lease. Renewed every third of its lifetime, so that two renewals may fail (a slow or flapping Redis)
    /// before another replica can take it.
    /// </summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly RedisReconciliationLease _lease;
        private readonly IDatabase? _database;
        private readonly string _token;
        private readonly ITimer? _renewal;
        private int _disposed;

        public Held(RedisReconciliationLease lease, IDatabase? database, string token)
        {
            _lease = lease;
            _database = database;
            _token = token;
            if (database is not null)
            {
                var period = lease._lifetime / 3;
                _renewal = lease._timeProvider.CreateTimer(static state => _ = ((Held)state!).RenewAsync(), this, period, period);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0 || _database is null)
            {
                return;
            }

            await _renewal!.DisposeAsync().ConfigureAwait(false);
            try
            {
                await RedisScripts.ReleaseLockAsync(_database, _lease._key, _token).WaitAsync(_lease._operationTimeout, _lease._timeProvider).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // It expires after its lifetime.
                _lease._connection.ReportFailure(exception.GetType().Name);
            }
        }

        private async Task RenewAsync()
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                var extended = await RedisScripts.ExtendLockAsync(_database!, _lease._key, _token, _lease._lifetime).WaitAsync(_lease._operationTimeout, _lease._timeProvider).ConfigureAwait(false);
                _lease._connection.ReportSuccess();
                if (!extended)
                {
                    // Expired (Redis was away longer than the lease) and maybe taken by another replica: this run
                    // goes on, redundant at worst.
                    RedisLog.LeaseLost(_lease._logger);
                }

                _lease.Renewed?.Invoke(extended);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                _lease._connection.ReportFailure(exception.GetType().Name);
            }
        }
    }
}
